<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../crm/ui/actions.py" line="18"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="19"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="20"/>
        <source>Today</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="21"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="22"/>
        <source>Risk alerts</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="23"/>
        <source>Visits</source>
        <translation>走访计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="24"/>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="25"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="26"/>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="27"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="255"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="257"/>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../crm/app.py" line="50"/>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="52"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="53"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="82"/>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="162"/>
        <location filename="../../crm/ui/pages/admin.py" line="235"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="164"/>
        <location filename="../../crm/ui/pages/admin.py" line="236"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="170"/>
        <location filename="../../crm/ui/pages/admin.py" line="233"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="171"/>
        <location filename="../../crm/ui/pages/admin.py" line="234"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="224"/>
        <source>Host</source>
        <translation>计算机</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="224"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="224"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="43"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="43"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="44"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="44"/>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="45"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="45"/>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="147"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="147"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="148"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="149"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="151"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../crm/ui/errors.py" line="19"/>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <location filename="../../crm/ui/errors.py" line="27"/>
        <source>Unexpected error</source>
        <translation>程序错误</translation>
    </message>
    <message>
        <location filename="../../crm/ui/errors.py" line="28"/>
        <source>The program hit an unexpected error. Your saved data is safe; the last action may not have been saved.</source>
        <translation>程序遇到意外错误。已保存的数据是安全的；最后一步操作可能没有保存。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/errors.py" line="30"/>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/errors.py" line="32"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../crm/ui/login.py" line="85"/>
        <source>First start: create the administrator</source>
        <translation>首次启动：创建管理员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="87"/>
        <source>This database has no users yet. Create the administrator account; it manages users, branches and settings.</source>
        <translation>此数据库还没有任何用户。请创建管理员账户，用于管理用户、支行和系统设置。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="90"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="94"/>
        <source>e.g. Xihu Sub-branch</source>
        <translation>例如：西湖支行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="98"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="99"/>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="100"/>
        <source>Password (8+ chars, letters and digits)</source>
        <translation>密码（至少8位，含字母和数字）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="101"/>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="102"/>
        <source>Branch name</source>
        <translation>支行名称</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="113"/>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="128"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../crm/ui/login.py" line="24"/>
        <source>Sign in — Post-loan CRM</source>
        <translation>登录 — 贷后管理系统</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="30"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="34"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="40"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="41"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="43"/>
        <source>Post-loan management</source>
        <translation>贷后管理系统</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="55"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/login.py" line="58"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../crm/ui/main_window.py" line="129"/>
        <source>Post-loan CRM</source>
        <translation>贷后管理系统</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="137"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="140"/>
        <source>Branch: %1</source>
        <translation>支行：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="175"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="176"/>
        <source>Post-loan CRM for bank branches.
Database: %1</source>
        <translation>银行支行贷后管理系统。
数据库：%1</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../crm/ui/actions.py" line="30"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="30"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="31"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../crm/ui/main_window.py" line="35"/>
        <source>Today</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="41"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="46"/>
        <source>Risk alerts</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="50"/>
        <source>Visits</source>
        <translation>走访计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="55"/>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="59"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="63"/>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <location filename="../../crm/ui/runner.py" line="93"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm/ui/runner.py" line="94"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../crm/ui/main_window.py" line="37"/>
        <source>Your day will start here: follow-ups due, promises to pay due today and broken yesterday, today&apos;s visits, open alerts and surveys due. This page is not built yet; it comes with the customer workspace.</source>
        <translation>这里将是您每天工作的起点：到期和逾期的跟进、今天到期及昨天未履行的还款承诺、今日走访、待处理预警和待做的满意度调查。本页面尚未开发，将随“客户工作台”一同提供。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="43"/>
        <source>The customer list and the customer 360 page are not built yet. They come with the customer workspace; the import of the core-banking Excel lists comes with the import wizard.</source>
        <translation>客户清单和客户详情页面尚未开发，将随“客户工作台”一同提供；核心系统导出的 Excel 客户清单导入将随“导入向导”提供。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="48"/>
        <source>Risk scores with their reasons, the alert queue and customer segments are not built yet.</source>
        <translation>风险评分及原因、预警处理队列和客户细分尚未开发。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="52"/>
        <source>Visit screening, two-person plans, appointments, the day&apos;s route, visit records and supervisor review are not built yet.</source>
        <translation>走访筛选、双人走访计划、预约、当日路线、走访记录和主管复核尚未开发。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="57"/>
        <source>Satisfaction survey templates, answer entry, analysis and remediation cases are not built yet.</source>
        <translation>满意度问卷模板、答卷录入、统计分析和整改跟踪尚未开发。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="61"/>
        <source>The management dashboard and the monthly report are not built yet.</source>
        <translation>管理驾驶舱和月度报告尚未开发。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="29"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="39"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="46"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="47"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="49"/>
        <source>A new database address takes effect the next time the program starts. A PostgreSQL database is shared by every PC of the branch.</source>
        <translation>修改数据库地址后，下次启动程序时生效。使用 PostgreSQL 时，支行的所有电脑共用同一个数据库。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="66"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/settings_dialog.py" line="72"/>
        <source>Connected: %1</source>
        <translation>连接成功：%1</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="99"/>
        <source>Add user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="106"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="111"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="112"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="113"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="114"/>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="115"/>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="53"/>
        <location filename="../../crm/ui/pages/admin.py" line="90"/>
        <source>Add user…</source>
        <translation>新增用户…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="54"/>
        <location filename="../../crm/ui/pages/admin.py" line="91"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
</TS>
