<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../crm/ui/actions.py" line="18"/>
        <source>&amp;Import customer list…</source>
        <translation>导入客户清单(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="20"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="21"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="22"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="23"/>
        <source>Today</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="24"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="25"/>
        <source>Risk alerts</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="26"/>
        <source>Visits</source>
        <translation>走访管理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="27"/>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="28"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="29"/>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="30"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="240"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="242"/>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>AlertQueuePanel</name>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="134"/>
        <source>All levels</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="138"/>
        <source>Older than (days)</source>
        <translation>已发出超过（天）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="139"/>
        <source>Escalated only</source>
        <translation>仅看已升级或超时</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="141"/>
        <source>Select an alert above to see why it was raised, its history and the customer.</source>
        <translation>在上方选择一条预警，这里显示触发原因、处理记录和客户信息。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="142"/>
        <source>Acknowledge selected</source>
        <translation>确认所选预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="143"/>
        <source>Record action…</source>
        <translation>登记处置措施…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="144"/>
        <source>Close…</source>
        <translation>关闭预警…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="145"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="146"/>
        <location filename="../../crm/ui/pages/risk.py" line="316"/>
        <source>Recompute risk</source>
        <translation>重算风险</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="183"/>
        <source>All rules</source>
        <translation>全部规则</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="184"/>
        <source>All managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="206"/>
        <source>%1 alerts</source>
        <translation>共 %1 条预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="208"/>
        <source>No alerts match. Alerts are raised when a risk recompute finds a rule newly firing or a level rising; imports recompute the customers they touch.</source>
        <translation>没有符合条件的预警。风险重算发现新触发的规则或风险等级上升时会发出预警；每次导入后会自动重算所涉及的客户。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="238"/>
        <source>Customer risk</source>
        <translation>客户风险</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="239"/>
        <source>points</source>
        <translation>分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="240"/>
        <source>Steps</source>
        <translation>处理过程</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="275"/>
        <location filename="../../crm/ui/pages/risk.py" line="279"/>
        <source>Record action</source>
        <translation>登记处置措施</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="275"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="279"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="291"/>
        <location filename="../../crm/ui/pages/risk.py" line="295"/>
        <source>Close alert</source>
        <translation>关闭预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="291"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="295"/>
        <source>Note (required)</source>
        <translation>说明（必填）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="313"/>
        <source>Recomputing risk…</source>
        <translation>正在重算风险…</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="82"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="82"/>
        <source>Answers</source>
        <translation>回答数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="83"/>
        <source>Mean</source>
        <translation>平均分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="83"/>
        <source>CSAT (4–5)</source>
        <translation>满意率（4–5 分）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="84"/>
        <source>Distribution</source>
        <translation>分数分布（分:人次）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="85"/>
        <source>Mean vs last period</source>
        <translation>平均分较上期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="86"/>
        <source>CSAT vs last period</source>
        <translation>满意率较上期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="89"/>
        <source>By manager</source>
        <translation>按客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="90"/>
        <source>By branch</source>
        <translation>按网点</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="91"/>
        <source>By segment</source>
        <translation>按客群</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="92"/>
        <source>By product</source>
        <translation>按产品</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="93"/>
        <source>By channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="94"/>
        <source>By questionnaire version</source>
        <translation>按问卷版本</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="95"/>
        <source>By month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="246"/>
        <source>&amp;Period</source>
        <translation>期间(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="246"/>
        <source>&amp;Branch</source>
        <translation>网点(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="247"/>
        <source>&amp;Manager</source>
        <translation>客户经理(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="247"/>
        <source>&amp;Segment</source>
        <translation>客群(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="248"/>
        <source>C&amp;hannel</source>
        <translation>渠道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="251"/>
        <source>Last %1 months</source>
        <translation>近 %1 个月</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="255"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="258"/>
        <location filename="../../crm/ui/pages/surveys.py" line="259"/>
        <location filename="../../crm/ui/pages/surveys.py" line="260"/>
        <source>Save chart as PNG…</source>
        <translation>图表另存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="261"/>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="262"/>
        <source>The period&apos;s satisfaction report as an Excel workbook or a PDF (customers masked)</source>
        <translation>把本期满意度分析导出为 Excel 工作簿或 PDF 报告（客户信息脱敏）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="264"/>
        <source>Answers per score (%)</source>
        <translation>各维度分数分布（%）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="265"/>
        <source>Dimensions and charts</source>
        <translation>维度与图表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="265"/>
        <source>Breakdowns</source>
        <translation>分组对比</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="266"/>
        <source>Free-text answers</source>
        <translation>文字意见</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="268"/>
        <source>Search the answers (Enter)</source>
        <translation>搜索意见内容（回车）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="269"/>
        <source>Double-click an answer to open the customer</source>
        <translation>双击一条意见打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="270"/>
        <source>Dimension profile (mean, 1–5)</source>
        <translation>各维度平均分（1–5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="271"/>
        <source>NPS by month</source>
        <translation>NPS 月度趋势</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="295"/>
        <source>All branches</source>
        <translation>全部网点</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="296"/>
        <source>All managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="297"/>
        <source>All segments</source>
        <translation>全部客群</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="332"/>
        <source>No survey responses in this period and scope. Responses typed on the Enter answers tab appear here.</source>
        <translation>此期间和范围内没有调查答卷。在“录入问卷”中录入的答卷会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="340"/>
        <source>&lt;b&gt;%1&lt;/b&gt; responses (%2; last period %3)</source>
        <translation>答卷 &lt;b&gt;%1&lt;/b&gt; 份（%2；上期 %3 份）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="342"/>
        <source>CSAT &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>满意率 &lt;b&gt;%1&lt;/b&gt;（%2）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="343"/>
        <location filename="../../crm/ui/pages/surveys.py" line="372"/>
        <source> pp</source>
        <translation> 个百分点</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="344"/>
        <source>NPS &lt;b&gt;%1&lt;/b&gt; (%2): %3 promoters, %4 passives, %5 detractors</source>
        <translation>NPS &lt;b&gt;%1&lt;/b&gt;（%2）：%3 名推荐者，%4 名中立者，%5 名贬损者</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="350"/>
        <source>Remediation: %1 open (%2 overdue), %3 closed · Suggestions: %4, adoption rate %5 (%6 adopted, %7 not adopted, %8 undecided)</source>
        <translation>整改工单：未关闭 %1 件（逾期 %2 件），已关闭 %3 件 · 意见建议 %4 条，采纳率 %5（已采纳 %6，暂不采纳 %7，待决定 %8）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="385"/>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="386"/>
        <source>Last period</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="403"/>
        <source>Efficiency</source>
        <translation>效率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="404"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="405"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="406"/>
        <source>Attitude</source>
        <translation>态度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="407"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="408"/>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="463"/>
        <source>A customer with several loan products counts once under each product, so the rows can add up to more than the responses; products are the customer&apos;s loans on record.</source>
        <translation>持有多种贷款产品的客户在每种产品下各计一次，各行合计可能大于问卷数；产品按客户当前的贷款记录（含已结清）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="496"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="496"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="498"/>
        <source>Export satisfaction report</source>
        <translation>导出满意度分析报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="511"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="519"/>
        <source>Saved %1 (%2 responses)</source>
        <translation>已保存到 %1（问卷 %2 份）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="522"/>
        <source>; the raw sheet stops at Excel&apos;s row limit</source>
        <translation>；原始问卷超出 Excel 单表上限，仅列出部分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="530"/>
        <source>Report not saved</source>
        <translation>报告未保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="533"/>
        <source>Writing the satisfaction report…</source>
        <translation>正在生成客户满意度分析报告…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="537"/>
        <source>%1 answers</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="550"/>
        <location filename="../../crm/ui/pages/surveys.py" line="556"/>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="551"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="557"/>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../crm/app.py" line="84"/>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="88"/>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="90"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="92"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="118"/>
        <source>Choose a backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="119"/>
        <source>Database backups (*.sqlite3 *.db *.bak);;All files (*)</source>
        <translation>数据库备份 (*.sqlite3 *.db *.bak);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="137"/>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="140"/>
        <source>The damaged file was kept as %1.</source>
        <translation>损坏的文件已保留为 %1。</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="142"/>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="143"/>
        <source>Restored the backup of %1. </source>
        <translation>已恢复 %1 的备份。</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="174"/>
        <location filename="../../crm/app.py" line="189"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="175"/>
        <source>The automatic backup on exit failed:
%1

Folder: %2</source>
        <translation>退出时的自动备份失败：
%1

备份文件夹：%2</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="190"/>
        <source>The automatic backup when the program last closed failed:
%1

Check that the backup folder exists, is writable and has free space.</source>
        <translation>上次关闭程序时的自动备份失败：
%1

请检查备份文件夹是否存在、是否可写、磁盘空间是否足够。</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="208"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../crm/app.py" line="219"/>
        <location filename="../../crm/app.py" line="245"/>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="265"/>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="284"/>
        <source>Agreed visit &amp;time</source>
        <translation>约定走访时间(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="285"/>
        <source>&amp;Channel</source>
        <translation>联系方式(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="286"/>
        <source>&amp;Who</source>
        <translation>联系对象(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="287"/>
        <source>Their &amp;name</source>
        <translation>对方姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="288"/>
        <source>&amp;Summary</source>
        <translation>通话内容(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="289"/>
        <source>Call &amp;made at</source>
        <translation>预约电话时间(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="290"/>
        <source>Reason (quiet hours)</source>
        <translation>夜间联系理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="291"/>
        <source>Supervisor override reason</source>
        <translation>主管特批理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="296"/>
        <source>Only when not the borrower</source>
        <translation>联系对象不是借款人本人时填写</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="297"/>
        <source>For example: the customer will wait at home</source>
        <translation>例如：客户同意在家等候</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1485"/>
        <source>No attachments yet. Click “Add attachment…” or drop scans, photos or PDFs here (up to 20 MB each).</source>
        <translation>尚无附件。点击“添加附件…”，或将扫描件、照片、PDF 拖放到这里（每个不超过 20 MB）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1489"/>
        <source>Add attachment…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1490"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1491"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1492"/>
        <source>You can also drop files onto this tab. Up to 20 MB each.</source>
        <translation>也可以把文件直接拖放到本页。每个文件不超过 20 MB。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1511"/>
        <source>Add attachment</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1512"/>
        <source>Scans, photos and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic);;All files (*)</source>
        <translation>扫描件、照片和 PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp *.heic);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1517"/>
        <source>Delete attachment</source>
        <translation>删除附件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1531"/>
        <source>%1 is %2, over the 20 MB limit for one attachment, and was not saved. Compress the images or split the PDF, then try again.</source>
        <translation>%1 大小为 %2，超过单个附件 20 MB 的上限，未保存。请压缩图片或拆分 PDF 后再试。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1533"/>
        <source>%1 could not be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1549"/>
        <source>Attaching…</source>
        <translation>正在添加附件…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1597"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1602"/>
        <source>No program on this computer opens %1. The file was saved as %2.</source>
        <translation>本机没有可以打开 %1 的程序。文件已保存为 %2。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1610"/>
        <source>Delete the attachment “%1”? The audit trail keeps its name and fingerprint.</source>
        <translation>确定删除附件“%1”吗？审计日志会保留其文件名和指纹（sha256）。</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="147"/>
        <location filename="../../crm/ui/pages/admin.py" line="220"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="149"/>
        <location filename="../../crm/ui/pages/admin.py" line="221"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="155"/>
        <location filename="../../crm/ui/pages/admin.py" line="218"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="156"/>
        <location filename="../../crm/ui/pages/admin.py" line="219"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="209"/>
        <source>Host</source>
        <translation>计算机</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="209"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="209"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>AuditTrailPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1642"/>
        <source>No changes recorded for this customer yet.</source>
        <translation>该客户尚无变更记录。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1645"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1646"/>
        <source>Select an entry to see the values before and after</source>
        <translation>选择一条记录，查看修改前后的值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1676"/>
        <source>Before: %1</source>
        <translation>修改前：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1679"/>
        <source>After: %1</source>
        <translation>修改后：%1</translation>
    </message>
</context>
<context>
    <name>BasicInfoPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="550"/>
        <source>Enter a number, for example 8000 or 8000.50</source>
        <translation>请输入数字，例如 8000 或 8000.50</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="559"/>
        <source>Amounts cannot be negative</source>
        <translation>金额不能为负数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="561"/>
        <source>At most two decimal places (fen)</source>
        <translation>最多保留两位小数（到分）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="564"/>
        <source>The amount is too large</source>
        <translation>金额过大</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="725"/>
        <source>&amp;Name</source>
        <translation>客户姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="725"/>
        <source>&amp;Occupation</source>
        <translation>职业(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="726"/>
        <source>&amp;Employer</source>
        <translation>工作单位(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="727"/>
        <source>Monthly &amp;income (yuan)</source>
        <translation>月收入（元）(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="728"/>
        <source>&amp;Family situation</source>
        <translation>家庭情况(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="731"/>
        <source>for example 8000.00</source>
        <translation>例如 8000.00</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="733"/>
        <source>Spouse, children, who else lives with the borrower, changes in the family that affect repayment</source>
        <translation>配偶、子女、共同居住人，以及影响还款的家庭变故</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="735"/>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="736"/>
        <source>From the core banking system (read-only)</source>
        <translation>来自核心系统（只读）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="737"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="737"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="738"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="738"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="739"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="739"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="740"/>
        <source>Assets</source>
        <translation>资产</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="740"/>
        <source>Liabilities</source>
        <translation>负债</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="741"/>
        <source>Credit score</source>
        <translation>信用评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="744"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="745"/>
        <source>Revert to saved</source>
        <translation>恢复为已保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="746"/>
        <source>Throw away the edits made since the last save. Ctrl+Z undoes the last edit only.</source>
        <translation>放弃上次保存以来的所有修改。Ctrl+Z 只撤销最近一次修改。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="796"/>
        <source>The name cannot be empty</source>
        <translation>客户姓名不能为空</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="804"/>
        <source>The income cannot be cleared; enter 0 if the customer has none</source>
        <translation>月收入不能清空；如客户没有收入，请填 0</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="854"/>
        <source>Your role can view this information but not change it.</source>
        <translation>您的角色只能查看、不能修改这些信息。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="857"/>
        <location filename="../../crm/ui/pages/customer360.py" line="905"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="859"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="913"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="923"/>
        <source>Someone else saved this customer; reading their version…</source>
        <translation>其他人已保存了该客户，正在读取其版本…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="955"/>
        <source>Already saved with the same values</source>
        <translation>数据库中已是相同的内容，无需保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="961"/>
        <source>Choose, field by field, which values to keep</source>
        <translation>请在对话框中逐项选择要保留的值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="972"/>
        <source>Not saved: your changes are still here; save again to compare with the database</source>
        <translation>未保存：您的修改仍保留在表单中；再次保存时可与数据库逐项比较</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="994"/>
        <source>Saved: the database already holds the chosen values</source>
        <translation>已保存：数据库中已是您选择的值</translation>
    </message>
</context>
<context>
    <name>BriefingButton</name>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="328"/>
        <source>Make visit pack</source>
        <translation>生成走访资料包</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="328"/>
        <source>Print briefing</source>
        <translation>打印走访简报</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="329"/>
        <source>A briefing sheet for each selected customer, with a cover and a summary table, as one PDF</source>
        <translation>为选中的每位客户生成一份走访简报，含封面和走访情况汇总表，合成一个 PDF</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="331"/>
        <source>The visit briefing sheet of this customer (A4)</source>
        <translation>本客户的客户走访简报（A4）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="332"/>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="333"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="334"/>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="335"/>
        <source>Save one PDF per customer in a folder…</source>
        <translation>每位客户一个 PDF，保存到文件夹…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="336"/>
        <source>Print full phone numbers (recorded in the audit trail)</source>
        <translation>打印完整手机号（记入审计）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="350"/>
        <source>Select one or more customers first.</source>
        <translation>请先在列表中选择一位或多位客户（按住 Ctrl 或 Shift 可多选）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="363"/>
        <location filename="../../crm/ui/print_preview.py" line="381"/>
        <source>visit pack</source>
        <translation>走访资料包</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="363"/>
        <source>briefing sheet</source>
        <translation>客户走访简报</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="370"/>
        <source>Choose a staff member and a day with planned visits first.</source>
        <translation>请先选择有走访安排的人员和日期。</translation>
    </message>
</context>
<context>
    <name>CalendarPanel</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="470"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="471"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="472"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="475"/>
        <source>Show cancelled</source>
        <translation>显示已取消</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="476"/>
        <source>Double-click to open; drag a visit to another day to reschedule it</source>
        <translation>双击打开走访；把走访拖到另一天即可改期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="484"/>
        <source>All staff</source>
        <translation>全部走访人员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="521"/>
        <source>%1 visits this week</source>
        <translation>本周共 %1 次走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="522"/>
        <source>No visits planned this week. Plan them from 走访筛选: select customers and press “Plan visits…”.</source>
        <translation>本周没有走访安排。请在“走访筛选”中选择客户，再点击“安排走访…”。</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="589"/>
        <location filename="../../crm/ui/visit_dialogs.py" line="595"/>
        <source>Cancel visit</source>
        <translation>取消走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="591"/>
        <source>Why the visit is cancelled (required)</source>
        <translation>取消走访的原因（必填）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="593"/>
        <source>&amp;Reason</source>
        <translation>取消原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="596"/>
        <source>Keep it</source>
        <translation>不取消</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="774"/>
        <source>Remediation case #%1</source>
        <translation>整改工单 #%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="776"/>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="779"/>
        <source>Why: %1</source>
        <translation>触发原因：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="780"/>
        <source>Due: %1</source>
        <translation>整改期限：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="781"/>
        <source>escalated to the supervisor</source>
        <translation>已升级至主管</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="782"/>
        <source>&amp;Root cause</source>
        <translation>原因分析(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="783"/>
        <source>&amp;Action taken</source>
        <translation>整改措施(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="784"/>
        <source>&amp;Outcome</source>
        <translation>整改结果(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="785"/>
        <source>Follow-up survey</source>
        <translation>回访调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="786"/>
        <source>Survey again on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="787"/>
        <source>Save progress</source>
        <translation>保存进度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="788"/>
        <source>Close case</source>
        <translation>关闭工单</translation>
    </message>
</context>
<context>
    <name>CasesPanel</name>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="567"/>
        <source>Open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="568"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="569"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="570"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="631"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="633"/>
        <source>Handle…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="634"/>
        <source>Follow-up survey</source>
        <translation>回访调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="635"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="656"/>
        <source>%1 cases</source>
        <translation>%1 件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="657"/>
        <source>No remediation cases here. A case opens when a survey answer scores 2 or less (1–5) or the NPS answer is 6 or less, or when a complaint is recorded.</source>
        <translation>这里没有整改工单。调查中任一 1–5 分题答 2 分及以下、推荐意愿答 6 分及以下，或登记客户投诉时，会自动开立整改工单。</translation>
    </message>
</context>
<context>
    <name>ChartBox</name>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="65"/>
        <source>Save as image…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="163"/>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="165"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="393"/>
        <source>Dry run</source>
        <translation>试运行检查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="394"/>
        <source>Every row is checked; nothing is written yet. Fix the file and go back, or import the valid rows: rejected rows never stop the others.</source>
        <translation>已逐行检查，尚未写入任何数据。可以修改文件后返回重新检查，也可以只导入有效的行：被拒绝的行不会影响其他行。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="400"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="415"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="429"/>
        <source>Checked in %1 s. %2 rows would be rejected, %3 warnings.</source>
        <translation>检查用时 %1 秒。将有 %2 行被拒绝，%3 条警告。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="437"/>
        <source>The check failed.</source>
        <translation>检查失败。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="28"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="28"/>
        <location filename="../../crm/ui/pages/customers.py" line="33"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="29"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="29"/>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="30"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="30"/>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="132"/>
        <location filename="../../crm/ui/pages/customer360.py" line="249"/>
        <location filename="../../crm/ui/pages/customer360.py" line="282"/>
        <location filename="../../crm/ui/pages/customer360.py" line="309"/>
        <location filename="../../crm/ui/pages/visits.py" line="337"/>
        <location filename="../../crm/ui/pages/visits.py" line="611"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="132"/>
        <location filename="../../crm/ui/pages/customer360.py" line="310"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="133"/>
        <location filename="../../crm/ui/pages/customer360.py" line="311"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="134"/>
        <location filename="../../crm/ui/pages/customer360.py" line="312"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="136"/>
        <location filename="../../crm/ui/pages/customer360.py" line="254"/>
        <location filename="../../crm/ui/pages/customer360.py" line="314"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="219"/>
        <source>Loan number</source>
        <translation>借据号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="220"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="221"/>
        <location filename="../../crm/ui/pages/customer360.py" line="239"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="222"/>
        <location filename="../../crm/ui/pages/customers.py" line="43"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="223"/>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="224"/>
        <source>Disbursed</source>
        <translation>放款日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="225"/>
        <source>Matures</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="226"/>
        <source>Repayment method</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="227"/>
        <location filename="../../crm/ui/pages/customers.py" line="45"/>
        <location filename="../../crm/ui/pages/visits.py" line="100"/>
        <source>Overdue days</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="228"/>
        <location filename="../../crm/ui/pages/customer360.py" line="345"/>
        <location filename="../../crm/ui/pages/customers.py" line="47"/>
        <location filename="../../crm/ui/pages/reports.py" line="198"/>
        <location filename="../../crm/ui/pages/reports.py" line="230"/>
        <location filename="../../crm/ui/pages/visits.py" line="101"/>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="230"/>
        <location filename="../../crm/ui/pages/customers.py" line="41"/>
        <source>Five-tier class</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="231"/>
        <location filename="../../crm/ui/pages/customer360.py" line="266"/>
        <location filename="../../crm/ui/pages/customer360.py" line="295"/>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="49"/>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="59"/>
        <location filename="../../crm/ui/pages/risk.py" line="40"/>
        <location filename="../../crm/ui/pages/surveys.py" line="589"/>
        <location filename="../../crm/ui/pages/surveys.py" line="737"/>
        <location filename="../../crm/ui/pages/surveys.py" line="872"/>
        <location filename="../../crm/ui/pages/visits.py" line="340"/>
        <location filename="../../crm/ui/pages/visits.py" line="613"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="234"/>
        <location filename="../../crm/ui/pages/customer360.py" line="291"/>
        <location filename="../../crm/ui/pages/surveys.py" line="729"/>
        <location filename="../../crm/ui/pages/today.py" line="61"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="235"/>
        <location filename="../../crm/ui/pages/customer360.py" line="296"/>
        <source>Due date</source>
        <translation>到期日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="236"/>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="58"/>
        <source>Paid on</source>
        <translation>实还日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="237"/>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="56"/>
        <location filename="../../crm/ui/repayment_dialog.py" line="34"/>
        <source>Amount due</source>
        <translation>应还金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="238"/>
        <source>Amount paid</source>
        <translation>实还金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="240"/>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="250"/>
        <location filename="../../crm/ui/pages/customer360.py" line="284"/>
        <location filename="../../crm/ui/pages/customer360.py" line="294"/>
        <location filename="../../crm/ui/pages/surveys.py" line="110"/>
        <location filename="../../crm/ui/pages/surveys.py" line="733"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="251"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="252"/>
        <source>Contacted</source>
        <translation>联系对象</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="253"/>
        <source>Outcome</source>
        <translation>联系结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="255"/>
        <source>Promised amount</source>
        <translation>承诺金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="257"/>
        <source>Promised by</source>
        <translation>承诺日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="258"/>
        <source>Promise status</source>
        <translation>承诺状态</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="259"/>
        <location filename="../../crm/ui/pages/customers.py" line="51"/>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="260"/>
        <source>Compliance note</source>
        <translation>合规说明</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="261"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="264"/>
        <source>Planned for</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="265"/>
        <location filename="../../crm/ui/pages/visits.py" line="339"/>
        <source>Purpose</source>
        <translation>走访目的</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="267"/>
        <location filename="../../crm/ui/pages/visits.py" line="341"/>
        <location filename="../../crm/ui/pages/visits.py" line="883"/>
        <source>Staff</source>
        <translation>走访人员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="268"/>
        <source>Met the customer</source>
        <translation>见到客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="269"/>
        <source>Findings</source>
        <translation>走访发现</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="270"/>
        <source>Agreed actions</source>
        <translation>约定事项</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="271"/>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="272"/>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="283"/>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="285"/>
        <source>Collected by</source>
        <translation>采集人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="286"/>
        <source>Average (1-5)</source>
        <translation>平均分（1-5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="287"/>
        <source>Answers</source>
        <translation>答卷明细</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="290"/>
        <location filename="../../crm/ui/pages/surveys.py" line="734"/>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="292"/>
        <location filename="../../crm/ui/pages/surveys.py" line="731"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="293"/>
        <location filename="../../crm/ui/pages/surveys.py" line="732"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="297"/>
        <source>Handled by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="298"/>
        <location filename="../../crm/ui/pages/surveys.py" line="739"/>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="301"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="302"/>
        <source>Type</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="303"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="304"/>
        <location filename="../../crm/ui/pages/surveys.py" line="876"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="305"/>
        <source>Uploaded by</source>
        <translation>上传人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="306"/>
        <source>Uploaded at</source>
        <translation>上传时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="338"/>
        <source>As of</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="339"/>
        <source>Monthly income</source>
        <translation>月收入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="341"/>
        <source>Assets</source>
        <translation>资产</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="342"/>
        <source>Liabilities</source>
        <translation>负债</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="343"/>
        <source>Credit score</source>
        <translation>信用评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="347"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="34"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="35"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="37"/>
        <location filename="../../crm/ui/pages/visits.py" line="105"/>
        <location filename="../../crm/ui/pages/visits.py" line="614"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="38"/>
        <location filename="../../crm/ui/pages/reports.py" line="195"/>
        <location filename="../../crm/ui/pages/reports.py" line="229"/>
        <location filename="../../crm/ui/pages/risk.py" line="41"/>
        <location filename="../../crm/ui/pages/surveys.py" line="592"/>
        <location filename="../../crm/ui/pages/today.py" line="65"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="92"/>
        <location filename="../../crm/ui/pages/visits.py" line="106"/>
        <source>Manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="39"/>
        <source>Segment</source>
        <translation>客户分层</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="40"/>
        <location filename="../../crm/ui/pages/reports.py" line="234"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="49"/>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="36"/>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="38"/>
        <location filename="../../crm/ui/pages/reports.py" line="228"/>
        <location filename="../../crm/ui/pages/risk.py" line="37"/>
        <location filename="../../crm/ui/pages/surveys.py" line="109"/>
        <location filename="../../crm/ui/pages/surveys.py" line="586"/>
        <location filename="../../crm/ui/pages/surveys.py" line="730"/>
        <location filename="../../crm/ui/pages/today.py" line="62"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="91"/>
        <location filename="../../crm/ui/pages/visits.py" line="99"/>
        <location filename="../../crm/ui/pages/visits.py" line="338"/>
        <location filename="../../crm/ui/pages/visits.py" line="612"/>
        <location filename="../../crm/ui/pages/visits.py" line="878"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="38"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="39"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="42"/>
        <source>Raised</source>
        <translation>发出时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="43"/>
        <source>Respond by</source>
        <translation>响应期限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="44"/>
        <location filename="../../crm/ui/pages/surveys.py" line="591"/>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="63"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="64"/>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="37"/>
        <location filename="../../crm/ui/pages/visits.py" line="610"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="39"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="40"/>
        <source>Amount</source>
        <translation>协商金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="41"/>
        <source>Instalments</source>
        <translation>期数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="43"/>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="44"/>
        <source>Grace months</source>
        <translation>缓冲期（月）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="46"/>
        <source>First due</source>
        <translation>首期还款日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="48"/>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="57"/>
        <source>Paid</source>
        <translation>已还金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="50"/>
        <source>Signed</source>
        <translation>签署日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="51"/>
        <source>Drawn up by</source>
        <translation>拟定人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="54"/>
        <location filename="../../crm/ui/repayment_dialog.py" line="32"/>
        <source>Instalment</source>
        <translation>期次</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="55"/>
        <location filename="../../crm/ui/repayment_dialog.py" line="33"/>
        <source>Due on</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="98"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="63"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="99"/>
        <location filename="../../crm/ui/pages/surveys.py" line="875"/>
        <source>Responses</source>
        <translation>答卷数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="100"/>
        <source>Mean (1–5)</source>
        <translation>平均分（1–5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="101"/>
        <source>CSAT</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="103"/>
        <source>Promoters / passives / detractors</source>
        <translation>推荐 / 中立 / 贬损</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="105"/>
        <source>Low scores</source>
        <translation>低分答卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="108"/>
        <source>Collected</source>
        <translation>调查时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="111"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="112"/>
        <source>Answer</source>
        <translation>意见内容</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="585"/>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="587"/>
        <source>Case trigger</source>
        <translation>触发原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="588"/>
        <source>Case deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="594"/>
        <source>Follow-up survey</source>
        <translation>回访调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="596"/>
        <source>Case outcome</source>
        <translation>整改结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="735"/>
        <source>Age (days)</source>
        <translation>已过天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="736"/>
        <source>Reply by</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="738"/>
        <source>Decision</source>
        <translation>采纳决定</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="869"/>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="870"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="871"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="873"/>
        <source>Questions</source>
        <translation>题数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="197"/>
        <source>Overdue customers</source>
        <translation>逾期客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="199"/>
        <source>Contacts</source>
        <translation>联系次数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="200"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="64"/>
        <source>Visits</source>
        <translation>走访次数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="202"/>
        <location filename="../../crm/ui/pages/surveys.py" line="102"/>
        <source>NPS</source>
        <translation>NPS 净推荐值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="203"/>
        <source>Overdue tasks</source>
        <translation>逾期任务</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="232"/>
        <source>Max overdue days</source>
        <translation>最长逾期天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="196"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="65"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="67"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="93"/>
        <source>Overdue at visit</source>
        <translation>走访时逾期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="69"/>
        <source>Overdue 90 days on</source>
        <translation>90 天后逾期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="71"/>
        <source>Reduction</source>
        <translation>压降率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="72"/>
        <source>Cured / compared</source>
        <translation>结清 / 可比</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="74"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="98"/>
        <source>Promises</source>
        <translation>承诺数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="201"/>
        <location filename="../../crm/ui/pages/visit_effects.py" line="75"/>
        <source>Promise-kept rate</source>
        <translation>承诺兑现率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="77"/>
        <source>Plans</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="78"/>
        <source>Plan completion</source>
        <translation>计划完成率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="80"/>
        <source>Instalments paid</source>
        <translation>分期按时率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="90"/>
        <source>Visited on</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="94"/>
        <source>30 days on</source>
        <translation>30 天后</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="95"/>
        <source>60 days on</source>
        <translation>60 天后</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="96"/>
        <source>90 days on</source>
        <translation>90 天后</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="97"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="99"/>
        <source>Kept</source>
        <translation>已兑现</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="100"/>
        <source>Broken</source>
        <translation>未兑现</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="98"/>
        <source>Priority</source>
        <translation>优先分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="103"/>
        <source>Bucket</source>
        <translation>逾期阶段</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="104"/>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="107"/>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="108"/>
        <source>Unreachable</source>
        <translation>失联</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="109"/>
        <source>Why</source>
        <translation>评分依据</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="336"/>
        <location filename="../../crm/ui/pages/visits.py" line="879"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="615"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="880"/>
        <source>Result</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="884"/>
        <source>Willingness</source>
        <translation>还款意愿</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="886"/>
        <source>Ability</source>
        <translation>还款能力</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="887"/>
        <source>Flags</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="591"/>
        <source>Someone else changed this customer</source>
        <translation>其他人已修改该客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="592"/>
        <source>While you were editing, someone else saved changes to this customer. For each field, choose the value to keep, then save. Nothing is overwritten until you do.</source>
        <translation>在您编辑期间，其他人修改并保存了该客户的资料。请逐项选择要保留的值，然后保存。在您确认之前，不会覆盖任何内容。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="596"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="596"/>
        <source>Your change</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="597"/>
        <source>Value in the database</source>
        <translation>数据库中的值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="603"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="620"/>
        <source>Save my choices</source>
        <translation>保存所选</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="45"/>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="110"/>
        <source>&amp;Channel</source>
        <translation>联系渠道(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="110"/>
        <source>&amp;Direction</source>
        <translation>方向(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="111"/>
        <source>&amp;Who</source>
        <translation>联系对象(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="111"/>
        <source>Their &amp;name</source>
        <translation>对方姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="112"/>
        <source>&amp;Outcome</source>
        <translation>联系结果(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="112"/>
        <source>&amp;Summary</source>
        <translation>内容摘要(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="113"/>
        <source>&amp;Time</source>
        <translation>联系时间(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="113"/>
        <source>Promise to &amp;pay</source>
        <translation>承诺还款(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="114"/>
        <source>Next &amp;follow-up</source>
        <translation>下次跟进(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="115"/>
        <source>Reason (quiet hours)</source>
        <translation>夜间联系理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="116"/>
        <source>Supervisor override reason</source>
        <translation>主管特批理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="127"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="128"/>
        <source>Only when not the borrower</source>
        <translation>联系对象不是借款人本人时填写</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="129"/>
        <source>What was said; what was agreed</source>
        <translation>沟通了什么，约定了什么</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="131"/>
        <source>Why contact outside 08:00–21:00 (for example: the customer asked to be called after work)</source>
        <translation>为何在 08:00–21:00 以外联系（例如：客户要求下班后再联系）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/contact_dialog.py" line="158"/>
        <source>The promised amount is not a number</source>
        <translation>承诺金额不是有效的数字</translation>
    </message>
</context>
<context>
    <name>ContactsPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1408"/>
        <source>No contact matches these filters.</source>
        <translation>没有符合筛选条件的联系记录。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1409"/>
        <source>No contacts recorded yet. Press Ctrl+N or “Log contact” to record a call, message or visit.</source>
        <translation>尚无联系记录。按 Ctrl+N 或点击“记录联系”，记录一次电话、短信或上门。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1413"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1414"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1415"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1416"/>
        <source>Log contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1417"/>
        <source>Select a contact to read it in full</source>
        <translation>选择一条联系记录，查看完整内容</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1423"/>
        <source>%1 shown</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1436"/>
        <source>Promise: %1 by %2 (%3)</source>
        <translation>承诺还款：%2 前还 %1（%3）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1439"/>
        <source>Compliance: %1</source>
        <translation>合规说明：%1</translation>
    </message>
</context>
<context>
    <name>Customer360</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1716"/>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1717"/>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1718"/>
        <source>Finances</source>
        <translation>财务状况</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1719"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1720"/>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1721"/>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1722"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1723"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1724"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1725"/>
        <source>Change history</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1761"/>
        <source>No visits recorded yet. Visits planned and recorded on the Visits page appear here.</source>
        <translation>尚无走访记录。在“走访管理”页面计划和记录的走访会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1764"/>
        <source>No satisfaction survey answers recorded yet.</source>
        <translation>尚无满意度调查答卷。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1766"/>
        <source>No feedback recorded yet: no complaints, suggestions or praise from this customer.</source>
        <translation>尚无客户反馈：该客户暂无投诉、建议或表扬。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1817"/>
        <source>Loading customer…</source>
        <translation>正在加载客户资料…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1855"/>
        <source>This customer cannot be opened: %1</source>
        <translation>无法打开该客户：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1858"/>
        <source>Not available</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1937"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1938"/>
        <source>The basic information of %1 has unsaved changes. Save them before closing?</source>
        <translation>%1 的基本信息有未保存的修改。关闭前是否保存？</translation>
    </message>
</context>
<context>
    <name>CustomerHeader</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="451"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="451"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="452"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="452"/>
        <source>Manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="453"/>
        <source>Segment</source>
        <translation>客户分层</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="453"/>
        <source>Consent</source>
        <translation>授权情况</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="454"/>
        <location filename="../../crm/ui/pages/customer360.py" line="507"/>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="454"/>
        <source>Max overdue days</source>
        <translation>最大逾期天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="455"/>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="456"/>
        <source>Loan balance</source>
        <translation>贷款余额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="459"/>
        <source>Log contact (Ctrl+N)</source>
        <translation>记录联系 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="460"/>
        <source>Record a call, message or visit with this customer</source>
        <translation>记录与该客户的一次电话、短信或上门</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="463"/>
        <source>Show the full ID number, phone and address; each reveal is recorded in the audit trail</source>
        <translation>显示完整的证件号码、电话和地址；每次查看都会记入审计日志</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="465"/>
        <source>Your role may not see the full ID number, phone and address</source>
        <translation>您的角色无权查看完整的证件号码、电话和地址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="467"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="468"/>
        <location filename="../../crm/ui/pages/customer360.py" line="497"/>
        <source>Reveal</source>
        <translation>显示完整</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="479"/>
        <source>%1 years old</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="483"/>
        <source>none on file</source>
        <translation>未登记</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="485"/>
        <source>Click to copy</source>
        <translation>点击复制</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="485"/>
        <source>Reveal first to copy the number</source>
        <translation>请先点击“显示完整”再复制号码</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="487"/>
        <source>This number did not look valid when it was imported</source>
        <translation>导入时该号码格式不正确，请核实</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="493"/>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="497"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="501"/>
        <source>No consent on file</source>
        <translation>未记录授权</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="510"/>
        <source>%1 (%2 points)</source>
        <translation>%1（%2 分）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="513"/>
        <source>The reasons are on the Risk tab</source>
        <translation>评分依据见“风险”页签</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="515"/>
        <source>Five-tier class</source>
        <translation>五级分类</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="520"/>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="536"/>
        <source>The number is masked. Click “Reveal” first, then click the number to copy it.</source>
        <translation>号码已脱敏。请先点击“显示完整”，再点击号码复制。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="540"/>
        <source>Copied %1 to the clipboard</source>
        <translation>已复制 %1 到剪贴板</translation>
    </message>
</context>
<context>
    <name>CustomerListPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="183"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="185"/>
        <source>Name, pinyin (zs), last 4 digits of phone or ID, ID number, loan number</source>
        <translation>姓名、拼音首字母（zs）、电话或证件号后 4 位、证件号码、借据号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="186"/>
        <source>Ctrl+F</source>
        <translation>快捷键 Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="187"/>
        <source>All managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="188"/>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="189"/>
        <source>All segments</source>
        <translation>全部分层</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="190"/>
        <source>All risk levels</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="191"/>
        <source>All classes</source>
        <translation>全部五级分类</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="192"/>
        <source>All buckets</source>
        <translation>全部逾期阶段</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="193"/>
        <source>Promises: any</source>
        <translation>承诺还款：不限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="196"/>
        <location filename="../../crm/ui/pages/customers.py" line="199"/>
        <source>Promise due</source>
        <translation>承诺到期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="197"/>
        <location filename="../../crm/ui/pages/customers.py" line="200"/>
        <source>Promise broken</source>
        <translation>承诺未履行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="201"/>
        <source>No contact for (days)</source>
        <translation>未联系天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="202"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="203"/>
        <source>Open alert</source>
        <translation>有未处理预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="204"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="205"/>
        <source>Save view…</source>
        <translation>保存视图…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="206"/>
        <location filename="../../crm/ui/pages/customers.py" line="381"/>
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="207"/>
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="208"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="209"/>
        <source>Export the customers of this view to Excel (masked; recorded in the audit trail)</source>
        <translation>把当前视图的客户导出到 Excel（已脱敏，记入审计）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="241"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="252"/>
        <source>More than %1 customers</source>
        <translation>超过 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="253"/>
        <source>%1 customers</source>
        <translation>共 %1 位客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="261"/>
        <source>No customer matches. Check the spelling, try pinyin initials (zs) or the last 4 digits of a phone, or clear the filters.</source>
        <translation>没有符合条件的客户。请检查拼写，试试拼音首字母（zs）或电话后 4 位，或清除筛选条件。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="263"/>
        <source>No customers yet. Import the list exported by the core banking system: File → Import customer list… (Ctrl+I), or drop the Excel file here.</source>
        <translation>还没有客户。请导入核心系统导出的清单：文件 → 导入客户清单…（Ctrl+I），或把 Excel 文件拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="354"/>
        <source>My views…</source>
        <translation>我的视图…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="362"/>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="362"/>
        <source>Name of this view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="382"/>
        <source>Delete the view “%1”?</source>
        <translation>确定删除视图“%1”吗？</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="435"/>
        <location filename="../../crm/ui/pages/customers.py" line="449"/>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="436"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="450"/>
        <source>%1 customers exported to %2 (ID numbers and phones masked).</source>
        <translation>已导出 %1 位客户到 %2（证件号码和电话已脱敏）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="452"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="94"/>
        <source>Name, ID number, phone or loan number</source>
        <translation>姓名、证件号码、手机号或借据号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="95"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="130"/>
        <source>No customer in your scope matches “%1”.</source>
        <translation>您管辖范围内没有与“%1”匹配的客户。</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../crm/ui/pages/customers.py" line="543"/>
        <source>Customer list</source>
        <translation>客户列表</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="240"/>
        <source>%1 customers; double-click one to open it.</source>
        <translation>共 %1 位客户；双击打开客户详情。</translation>
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
    <name>ExportDialog</name>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="23"/>
        <source>Customer list</source>
        <translation>客户清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="24"/>
        <source>Loans</source>
        <translation>贷款清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="25"/>
        <source>Contact records</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="26"/>
        <source>Visit plan</source>
        <translation>走访计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="27"/>
        <source>Risk alerts</source>
        <translation>预警清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="28"/>
        <source>Repayment plans</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="29"/>
        <source>Survey results</source>
        <translation>问卷结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="53"/>
        <location filename="../../crm/ui/export_dialog.py" line="158"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="59"/>
        <source>Only</source>
        <translation>仅限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="70"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="73"/>
        <source>Full ID numbers, phones and addresses (not masked; recorded in the audit log)</source>
        <translation>导出完整的身份证号、手机号和地址（不脱敏，记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="78"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="85"/>
        <source>List:</source>
        <translation>导出内容：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="86"/>
        <source>Dates:</source>
        <translation>日期范围：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="88"/>
        <source>Masking:</source>
        <translation>脱敏：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="90"/>
        <source>File:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="92"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="146"/>
        <source>Not masked: keep the file safe and do not pass it on.</source>
        <translation>不脱敏：文件含客户完整个人信息，请妥善保管，不得外传。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="150"/>
        <source>ID numbers, phones and addresses are masked, e.g. 330106********1234.</source>
        <translation>身份证号、手机号和地址脱敏显示，如 330106********1234。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="159"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="179"/>
        <source>Choose a file to export to.</source>
        <translation>请选择要保存的文件。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="190"/>
        <location filename="../../crm/ui/export_dialog.py" line="192"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="198"/>
        <source>%1 rows exported to %2 (not masked).</source>
        <translation>已导出 %1 行到 %2（未脱敏）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="199"/>
        <source>%1 rows exported to %2 (masked).</source>
        <translation>已导出 %1 行到 %2（已脱敏）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="208"/>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未生成文件。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="220"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm/ui/export_dialog.py" line="220"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="922"/>
        <source>New feedback</source>
        <translation>新增客户反馈</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="923"/>
        <source>Feedback #%1</source>
        <translation>客户反馈 #%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="924"/>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="924"/>
        <source>C&amp;ustomer</source>
        <translation>客户(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="925"/>
        <source>Ca&amp;tegory</source>
        <translation>类别(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="925"/>
        <source>C&amp;hannel</source>
        <translation>渠道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="926"/>
        <source>&amp;Content</source>
        <translation>内容(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="926"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="927"/>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="927"/>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="928"/>
        <source>&amp;Resolution</source>
        <translation>处理结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="929"/>
        <source>Customer&apos;s satisfaction with it</source>
        <translation>客户对处理结果的满意度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="930"/>
        <source>&amp;Decision</source>
        <translation>采纳决定(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="930"/>
        <source>Reason (required if not adopted)</source>
        <translation>原因（暂不采纳时必填）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="933"/>
        <source>Respond by</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="934"/>
        <source>e.g. 收费, 服务态度, 还款方式</source>
        <translation>如：收费、服务态度、还款方式</translation>
    </message>
</context>
<context>
    <name>FeedbackPanel</name>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="715"/>
        <source>Not finished</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="716"/>
        <source>Suggestions awaiting a decision</source>
        <translation>待决定的建议</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="718"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="786"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="789"/>
        <source>Older than (days)</source>
        <translation>超过天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="790"/>
        <source>New feedback…</source>
        <translation>新增反馈…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="791"/>
        <source>Handle…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="792"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="815"/>
        <source>Suggestion adoption rate %1 (%2 adopted incl. %3 implemented, %4 not adopted, %5 awaiting a decision)</source>
        <translation>建议采纳率 %1（已采纳 %2，其中已实施 %3；暂不采纳 %4；待决定 %5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="820"/>
        <source>No feedback matches. Complaints, suggestions and praise from any channel are recorded with New feedback…; suggestions written on a survey arrive here by themselves.</source>
        <translation>没有符合条件的反馈。各渠道的投诉、建议和表扬用“新增反馈…”登记；问卷中填写的意见建议会自动转到这里。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="120"/>
        <location filename="../../crm/ui/import_wizard.py" line="145"/>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="121"/>
        <source>The customer and loan list exported by the core banking system: .xlsx, .xls (Excel 97–2003) or .csv. You can also drop the file on the main window.</source>
        <translation>核心系统导出的客户及贷款清单：.xlsx、.xls（Excel 97–2003）或 .csv。也可以把文件拖放到主窗口。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="125"/>
        <source>Path of the Excel or CSV file</source>
        <translation>Excel 或 CSV 文件的路径</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="127"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="146"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.csv);;All files (*)</source>
        <translation>电子表格 (*.xlsx *.xlsm *.xls *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FinancePanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="319"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="323"/>
        <source>Current figures</source>
        <translation>当前数值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="324"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="325"/>
        <source>Entered by hand</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="326"/>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1151"/>
        <location filename="../../crm/ui/pages/customer360.py" line="1206"/>
        <source>Monthly income</source>
        <translation>月收入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1152"/>
        <location filename="../../crm/ui/pages/customer360.py" line="1206"/>
        <source>Assets</source>
        <translation>资产</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1153"/>
        <location filename="../../crm/ui/pages/customer360.py" line="1207"/>
        <source>Liabilities</source>
        <translation>负债</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1154"/>
        <location filename="../../crm/ui/pages/customer360.py" line="1207"/>
        <source>Credit score</source>
        <translation>信用评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1208"/>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1213"/>
        <source>Chart</source>
        <translation>图表指标</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1214"/>
        <source>Red dots mark a fall of %1 or more since the previous figure</source>
        <translation>红点表示比上一期下降 %1 及以上</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1253"/>
        <source>No values of this figure are on file yet.</source>
        <translation>该项指标尚无任何记录。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1254"/>
        <source>No history yet: only the current figures above are on file. The chart appears once figures from an earlier date have been recorded (for example by a later import).</source>
        <translation>暂无历史数据：目前只有上方的当前数值。记录过其他日期的数据后（例如之后再次导入），这里会显示变化曲线。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1272"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1283"/>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1284"/>
        <source>Yuan</source>
        <translation>金额（元）</translation>
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
    <name>Import</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="36"/>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="37"/>
        <source>Customers added</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="38"/>
        <source>Customers updated</source>
        <translation>更新客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="39"/>
        <source>Loans added</source>
        <translation>新增贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="40"/>
        <source>Loans updated</source>
        <translation>更新贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="41"/>
        <source>Rows unchanged</source>
        <translation>无变化的行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="42"/>
        <source>Duplicate rows</source>
        <translation>重复的行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="43"/>
        <source>Blank or total rows skipped</source>
        <translation>跳过的空行或合计行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="44"/>
        <source>Rows rejected</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="45"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="77"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="77"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="77"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="77"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="78"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="82"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="82"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="83"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="105"/>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="108"/>
        <source>%1: %2 of %3 rows · %4 rows/s · about %5 s left</source>
        <translation>%1：已处理 %2 / %3 行 · 每秒 %4 行 · 约剩 %5 秒</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="551"/>
        <source>Import customer list</source>
        <translation>导入客户清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="564"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="565"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="566"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="567"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="568"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="583"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="593"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="593"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="599"/>
        <location filename="../../crm/ui/import_wizard.py" line="602"/>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="603"/>
        <source>Remove the customers and loans this import added and restore the values it changed? This is recorded in the audit trail.</source>
        <translation>删除本次导入新增的客户和贷款，并恢复被修改的数值吗？此操作会记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="613"/>
        <source>Undoing…</source>
        <translation>正在撤销…</translation>
    </message>
</context>
<context>
    <name>LoansPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1318"/>
        <source>No loans on file for this customer yet. Loans come in with the core banking list (File → Import customer list…).</source>
        <translation>该客户尚无贷款记录。贷款随核心系统清单导入（文件 → 导入客户清单…）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1322"/>
        <source>No repayment history recorded for this loan yet.</source>
        <translation>该笔贷款尚无还款记录。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1352"/>
        <source>Repayment history of %1</source>
        <translation>%1 的还款记录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1353"/>
        <source>Select a loan to see its repayment history</source>
        <translation>选择一笔贷款，查看其还款记录</translation>
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
        <location filename="../../crm/ui/main_window.py" line="172"/>
        <source>Post-loan CRM</source>
        <translation>贷后管理系统</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="183"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="186"/>
        <source>Branch: %1</source>
        <translation>支行：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="257"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="258"/>
        <source>Post-loan CRM for bank branches.
Database: %1</source>
        <translation>银行支行贷后管理系统。
数据库：%1</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="247"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="248"/>
        <source>Which field each column fills. Customer name and ID number are required; everything else is optional. The preview shows the values as they will be stored.</source>
        <translation>每一列导入到哪个字段。客户姓名和证件号码为必填，其余可选。预览显示的是将要保存的值。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="254"/>
        <source>Save mapping…</source>
        <translation>保存对应关系…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="266"/>
        <source>Preview of the first 50 rows (parsed)</source>
        <translation>前 50 行预览（解析后）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="280"/>
        <source>Using the saved mapping “%1” for these headers.</source>
        <translation>已对这些表头使用保存的对应关系“%1”。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="284"/>
        <source>Mapping detected from the headers.</source>
        <translation>已根据表头自动识别对应关系。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="292"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="292"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="293"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="299"/>
        <source>(do not import)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="308"/>
        <source>×10,000 (万元)</source>
        <translation>×10,000（万元）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="333"/>
        <source>Required columns not mapped: %1</source>
        <translation>以下必填列尚未对应：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="345"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="354"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="373"/>
        <source>Save mapping</source>
        <translation>保存对应关系</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="374"/>
        <source>Name (for example: 核心系统季度清单):</source>
        <translation>名称（例如：核心系统季度清单）：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="383"/>
        <source>Saved as “%1”; files with the same headers will use it.</source>
        <translation>已保存为“%1”；表头相同的文件将自动使用。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../crm/ui/actions.py" line="33"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="33"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/actions.py" line="34"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../crm/ui/main_window.py" line="56"/>
        <location filename="../../crm/ui/smoke.py" line="51"/>
        <source>Today</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="59"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="62"/>
        <source>Risk alerts</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="64"/>
        <source>Visits</source>
        <translation>走访管理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="67"/>
        <source>Surveys</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="70"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="73"/>
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
    <name>OutcomeDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="338"/>
        <source>Visit record</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="414"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="415"/>
        <source>Visited &amp;at</source>
        <translation>走访时间(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="416"/>
        <source>&amp;Present</source>
        <translation>在场人员(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="417"/>
        <source>&amp;Situation found</source>
        <translation>了解到的情况(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="418"/>
        <source>Difficulty</source>
        <translation>困难原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="419"/>
        <source>Assessment</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="420"/>
        <source>&amp;Findings</source>
        <translation>走访发现(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="421"/>
        <source>Promise to pay</source>
        <translation>承诺还款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="422"/>
        <source>Next steps</source>
        <translation>后续安排</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="423"/>
        <source>A&amp;greed</source>
        <translation>约定事项(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="424"/>
        <source>New phone</source>
        <translation>新联系电话</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="425"/>
        <source>New address</source>
        <translation>新住址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="426"/>
        <source>Safety</source>
        <translation>人身安全</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="428"/>
        <source>Reason (quiet hours)</source>
        <translation>夜间联系理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="429"/>
        <source>Supervisor override reason</source>
        <translation>主管特批理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="433"/>
        <source>Met the customer</source>
        <translation>见到客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="434"/>
        <source>Customer not found</source>
        <translation>未见到客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="435"/>
        <source>Willingness to repay</source>
        <translation>还款意愿（1–5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="436"/>
        <source>Ability to repay</source>
        <translation>还款能力（1–5）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="437"/>
        <source>Promised</source>
        <translation>客户承诺还款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="438"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="439"/>
        <source>Draw up a repayment plan</source>
        <translation>拟定协商还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="440"/>
        <source>Next visit</source>
        <translation>再次走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="441"/>
        <source>Follow-up call</source>
        <translation>电话跟进</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="442"/>
        <source>Safety incident</source>
        <translation>发生安全事件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="443"/>
        <source>What happened</source>
        <translation>事件经过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="444"/>
        <source>Send to the supervisor for review</source>
        <translation>保存后提交主管复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="445"/>
        <source>For example: the borrower and spouse</source>
        <translation>例如：借款人本人、配偶</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="446"/>
        <location filename="../../crm/ui/visit_dialogs.py" line="447"/>
        <source>Only if it changed; updates the customer</source>
        <translation>仅在有变化时填写，将更新客户资料</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="452"/>
        <source>Satisfaction survey…</source>
        <translation>满意度调查…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="455"/>
        <source>Take the short satisfaction survey with the customer now (channel: on a visit)</source>
        <translation>现在请客户填写简短满意度问卷（渠道：上门）</translation>
    </message>
</context>
<context>
    <name>PdfJob</name>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="222"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="243"/>
        <source>Generating %1…</source>
        <translation>正在生成%1…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="268"/>
        <source>%1 pages saved to %2</source>
        <translation>共 %1 页，已保存到 %2</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="281"/>
        <source>%1 files (%2 pages) saved in %3</source>
        <translation>已保存 %1 个文件（共 %2 页），位于 %3</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="127"/>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="128"/>
        <source>%1 pages, A4</source>
        <translation>共 %1 页，A4</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="130"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="131"/>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="132"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="154"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="154"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="166"/>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="168"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/print_preview.py" line="177"/>
        <source>Choose a folder for the PDFs</source>
        <translation>选择保存 PDF 的文件夹</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="157"/>
        <source> and %1 more</source>
        <translation> 等 %1 位</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="158"/>
        <source>Plan visits</source>
        <translation>安排走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="168"/>
        <source>(nobody)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="182"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="193"/>
        <source>%1 customer(s): %2</source>
        <translation>共 %1 位客户：%2</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="198"/>
        <source>Visit &amp;date</source>
        <translation>走访日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="199"/>
        <source>&amp;Purpose</source>
        <translation>走访目的(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="200"/>
        <source>&amp;Lead visitor</source>
        <translation>主走访人(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="201"/>
        <source>&amp;Second visitor</source>
        <translation>同行人员(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="202"/>
        <source>&amp;Time</source>
        <translation>时间(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="203"/>
        <source>&amp;Notes</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="204"/>
        <source>One-person visit: supervisor&apos;s reason</source>
        <translation>单人走访特批理由</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="208"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="209"/>
        <source>each visit</source>
        <translation>起，每次</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="211"/>
        <source>Only when fewer than two staff can go</source>
        <translation>仅在不足两人同行时由主管填写</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="212"/>
        <source>What to bring, whom to meet; the time is fixed when the appointment is made</source>
        <translation>需携带的材料、要见的人；具体时间在预约时确定</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="88"/>
        <source>Reassign</source>
        <translation>转派</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="94"/>
        <source>To</source>
        <translation>转派给</translation>
    </message>
</context>
<context>
    <name>RepaymentPlanDialog</name>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="161"/>
        <source>Change repayment plan #%1</source>
        <translation>修改还款计划 #%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="162"/>
        <source>New repayment plan</source>
        <translation>新建还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="163"/>
        <source>&amp;Customer</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="163"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="164"/>
        <source>&amp;Loans in the plan</source>
        <translation>纳入计划的贷款(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="164"/>
        <source>Arrears &amp;amount</source>
        <translation>协商还款金额(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="165"/>
        <source>&amp;Instalments</source>
        <translation>分期期数(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="165"/>
        <source>&amp;Method</source>
        <translation>还款方式(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="166"/>
        <source>Repayment &amp;start (grace counts from here)</source>
        <translation>还款起算日（缓冲期从此日起算）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="167"/>
        <source>&amp;Grace months</source>
        <translation>还款缓冲期(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="167"/>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="175"/>
        <source>Name, ID number, phone or loan number</source>
        <translation>姓名、证件号码、手机号或借据号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="176"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="177"/>
        <source>The chosen loans&apos; overdue total</source>
        <translation>默认为所选贷款的逾期金额合计</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="178"/>
        <source>Defaults to the signing date (today). With grace months the first instalment falls that many months later.</source>
        <translation>默认为签署日（今天）。设置缓冲期时，首期还款日顺延相应月数。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="181"/>
        <source> instalments</source>
        <translation> 期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="182"/>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="183"/>
        <source>Schedule preview</source>
        <translation>还款计划表预览</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="185"/>
        <source>Save as draft</source>
        <translation>保存为拟定</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="205"/>
        <source>No customer in your scope matches “%1”.</source>
        <translation>您的管辖范围内没有与“%1”匹配的客户。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="243"/>
        <source>This customer has no active loan to put in a plan</source>
        <translation>该客户没有可纳入还款计划的未结清贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="272"/>
        <source>The arrears amount is not a number</source>
        <translation>协商还款金额不是有效的数字</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="277"/>
        <source>The repayment start cannot be before today</source>
        <translation>还款起算日不能早于今天</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="288"/>
        <source>%1 instalments, %2 to %3, total ¥%4 (the last one takes the rounding)</source>
        <translation>共 %1 期，%2 至 %3，合计 ¥%4（尾差计入最后一期）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="295"/>
        <source>No schedule yet: fix the terms below.</source>
        <translation>尚无还款计划表：请按下方提示修改条款。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="308"/>
        <source>Choose the customer first</source>
        <translation>请先选择客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/repayment_dialog.py" line="311"/>
        <source>Choose at least one loan</source>
        <translation>请至少选择一笔贷款</translation>
    </message>
</context>
<context>
    <name>RepaymentPlansWidget</name>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="92"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="93"/>
        <source>Paid on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="221"/>
        <source>Filter: customer or loan number</source>
        <translation>筛选：客户或借据号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="222"/>
        <source>New plan…</source>
        <translation>新建计划…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="223"/>
        <source>Change terms…</source>
        <translation>修改条款…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="224"/>
        <source>Submit for approval</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="225"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="226"/>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="227"/>
        <source>Mark signed…</source>
        <translation>登记签署日期…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="228"/>
        <source>Record payment…</source>
        <translation>登记还款…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="229"/>
        <source>Print agreement</source>
        <translation>打印还款协议</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="230"/>
        <source>Repayment agreement…</source>
        <translation>还款协议…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="231"/>
        <source>Repayment pledge…</source>
        <translation>还款承诺书…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="232"/>
        <source>Print full ID number, phone and address (recorded in the audit trail)</source>
        <translation>打印完整证件号码、电话和住址（记入审计）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="261"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="275"/>
        <source>%1 plans</source>
        <translation>共 %1 个计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="279"/>
        <source>No plan matches the filter.</source>
        <translation>没有符合筛选条件的还款计划。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="280"/>
        <source>No repayment plans here yet. After a visit or a call where the customer agrees to pay the arrears in instalments, click “New plan…”, choose the customer and loans, and set the grace months and instalments; a supervisor approves it and you print the agreement for signing.</source>
        <translation>暂无还款计划。走访或电话中客户同意分期偿还欠款后，点击“新建计划…”，选择客户和贷款，设置缓冲期和分期期数；主管审批后即可打印还款协议供客户签署。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="331"/>
        <source>Select a plan to see its terms and instalments.</source>
        <translation>选择一个还款计划，查看条款和各期还款情况。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="336"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="337"/>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="338"/>
        <source>Arrears amount</source>
        <translation>协商还款金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="339"/>
        <source>Terms</source>
        <translation>条款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="339"/>
        <source>%1, %2 instalments, %3 grace months</source>
        <translation>%1，分 %2 期，缓冲期 %3 个月</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="342"/>
        <source>Repayment start</source>
        <translation>还款起算日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="343"/>
        <source>Paid so far</source>
        <translation>累计已还</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="344"/>
        <source>Signed</source>
        <translation>签署日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="345"/>
        <source>Drawn up by</source>
        <translation>拟定人</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="346"/>
        <source>Approved</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="350"/>
        <source>From visit</source>
        <translation>来自走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="351"/>
        <source>Plan #%1</source>
        <translation>还款计划 #%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="415"/>
        <source>Return plan</source>
        <translation>退回还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="416"/>
        <source>What must be changed (required)</source>
        <translation>需要修改的内容（必填）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="427"/>
        <source>Mark signed</source>
        <translation>登记签署日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="427"/>
        <source>The customer signed on</source>
        <translation>客户签署日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="441"/>
        <source>Instalment %1 due %2. Payments are applied to the instalments in order; the amount offered pays this one and any earlier ones still open.</source>
        <translation>第 %1 期，应还日期 %2。还款按期次顺序冲抵；默认金额为本期及之前各期尚未还清的金额。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="444"/>
        <source>Record payment — plan #%1</source>
        <translation>登记还款 — 还款计划 #%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/repayment_plans.py" line="455"/>
        <source>The amount paid is not a number</source>
        <translation>还款金额不是有效的数字</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="283"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="285"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="286"/>
        <source>Monthly report</source>
        <translation>月度报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="289"/>
        <source>PDF…</source>
        <translation>PDF 文件…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="290"/>
        <source>Excel…</source>
        <translation>Excel 工作簿…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="295"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="295"/>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="296"/>
        <source>Manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="339"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="382"/>
        <source>Portfolio</source>
        <translation>资产质量</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="385"/>
        <location filename="../../crm/ui/pages/reports.py" line="420"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="386"/>
        <source>Loans</source>
        <translation>贷款笔数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="387"/>
        <source>Balance</source>
        <translation>贷款余额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="388"/>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="389"/>
        <source>Overdue rate</source>
        <translation>逾期率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="394"/>
        <source>Migration between buckets since last month (customers; click a cell for its customers)</source>
        <translation>逾期分档迁徙矩阵：上期末→本期末（客户数；点击单元格查看客户）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="412"/>
        <source>Loans by overdue bucket</source>
        <translation>贷款逾期分档（笔数）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="414"/>
        <source>Loans by five-tier class</source>
        <translation>贷款五级分类（笔数）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="421"/>
        <source>From %1</source>
        <translation>上期 %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="437"/>
        <source> Customers without history: %1.</source>
        <translation>期初前无快照的客户：%1 位。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="447"/>
        <source>Risk</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="450"/>
        <source>New alerts</source>
        <translation>本期新增预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="451"/>
        <source>Open alerts</source>
        <translation>未结预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="452"/>
        <source>Past response time</source>
        <translation>超时未响应</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="463"/>
        <source>Customers by risk level</source>
        <translation>客户风险等级分布</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="466"/>
        <source>Open alerts by age</source>
        <translation>未结预警账龄</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="471"/>
        <source>Work</source>
        <translation>贷后工作</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="474"/>
        <source>Contacts</source>
        <translation>联系次数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="475"/>
        <source>Visits planned</source>
        <translation>计划走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="476"/>
        <source>Visits done</source>
        <translation>完成走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="477"/>
        <source>Customer not met</source>
        <translation>未见到客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="478"/>
        <source>Visits reviewed</source>
        <translation>已复核走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="479"/>
        <source>Promises made</source>
        <translation>承诺还款</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="480"/>
        <source>Promises kept</source>
        <translation>已履行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="481"/>
        <source>Promises broken</source>
        <translation>未履行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="482"/>
        <source>Promise-kept rate</source>
        <translation>承诺履约率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="483"/>
        <source>Plans active</source>
        <translation>还款计划生效</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="484"/>
        <source>Plans completed</source>
        <translation>还款计划结清</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="485"/>
        <source>Plans defaulted</source>
        <translation>还款计划违约</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="506"/>
        <source>Contacts by channel</source>
        <translation>联系渠道</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="508"/>
        <source>Contacts by outcome</source>
        <translation>联系结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="511"/>
        <source>Overdue change after the period&apos;s %1 visits:</source>
        <translation>本期 %1 次走访后的逾期变化：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="513"/>
        <source>%1 days: %2 (%3 visits compared)</source>
        <translation>%1 天后 %2（%3 次可比）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="519"/>
        <source>Satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="522"/>
        <source>Responses</source>
        <translation>问卷数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="523"/>
        <location filename="../../crm/ui/pages/reports.py" line="553"/>
        <source>NPS</source>
        <translation>净推荐值 NPS</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="524"/>
        <source>CSAT</source>
        <translation>满意率 CSAT</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="525"/>
        <source>Weakest dimension</source>
        <translation>最弱维度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="526"/>
        <source>Remediation open / overdue</source>
        <translation>整改中 / 超期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="527"/>
        <source>Suggestions adopted</source>
        <translation>建议采纳率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="530"/>
        <source>Details on the Surveys page</source>
        <translation>详见“满意度调查”页面</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="531"/>
        <source>No satisfaction data yet</source>
        <translation>暂无满意度数据</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="552"/>
        <source>NPS and CSAT by month</source>
        <translation>近12个月 NPS 与 CSAT</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="553"/>
        <source>CSAT %</source>
        <translation>满意率 CSAT %</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="557"/>
        <source>By manager (click a manager to show only their customers)</source>
        <translation>客户经理业绩（点击客户经理只看其管户）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="593"/>
        <source>Customers behind the figure</source>
        <translation>指标对应的客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="604"/>
        <source>Save monthly report</source>
        <translation>保存月度报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="605"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="605"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="620"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/reports.py" line="623"/>
        <source>Writing the monthly report…</source>
        <translation>正在生成月度报告…</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="544"/>
        <source>Reschedule</source>
        <translation>改期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="563"/>
        <source>Visit &amp;date</source>
        <translation>走访日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="564"/>
        <source>&amp;Time</source>
        <translation>时间(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="566"/>
        <source>Fixed time</source>
        <translation>指定时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="568"/>
        <source>Moving an appointed visit to another day sends it back to draft: the customer needs a new appointment.</source>
        <translation>已预约的走访改到其他日期后将退回草稿，需要重新与客户预约。</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="452"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="456"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="457"/>
        <source>Show these customers</source>
        <translation>查看这些客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="459"/>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="480"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="487"/>
        <source>Imported “%1” in %2 s. Every row is accounted for below.</source>
        <translation>已导入“%1”，用时 %2 秒。每一行的处理结果见下表。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="499"/>
        <source>The import failed.</source>
        <translation>导入失败。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="500"/>
        <source>Nothing was written. You can go back and try again.</source>
        <translation>未写入任何数据。可以返回后重试。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="513"/>
        <source>Save error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="514"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="520"/>
        <source>Error report saved: %1 rows in %2</source>
        <translation>错误报告已保存：%1 行，保存在 %2</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="522"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="537"/>
        <source>This import has been undone.</source>
        <translation>本次导入已撤销。</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="683"/>
        <source>Review visit report</source>
        <translation>复核走访报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="687"/>
        <source>Comment (required when returning)</source>
        <translation>复核意见（退回补充时必填）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="690"/>
        <source>Supervisor&apos;s comment</source>
        <translation>主管意见</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="694"/>
        <source>Approve</source>
        <translation>复核通过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="697"/>
        <source>Return for supplement</source>
        <translation>退回补充</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="700"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="944"/>
        <source>Review…</source>
        <translation>复核…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="946"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="960"/>
        <source>%1 reports awaiting review</source>
        <translation>%1 份走访报告待复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="961"/>
        <source>No visit reports await review. Managers send a report here when they record a visit.</source>
        <translation>目前没有待复核的走访报告。客户经理登记走访记录并提交后，报告会出现在这里。</translation>
    </message>
</context>
<context>
    <name>Risk</name>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="28"/>
        <source>Open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="29"/>
        <source>New</source>
        <translation>新预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="30"/>
        <source>In progress</source>
        <translation>已确认/处理中</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="32"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="33"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
</context>
<context>
    <name>RiskPage</name>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="345"/>
        <source>Alert queue</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="345"/>
        <source>Customer segments</source>
        <translation>客户细分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk.py" line="346"/>
        <source>Risk rules</source>
        <translation>风险规则</translation>
    </message>
</context>
<context>
    <name>RiskPanel</name>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1063"/>
        <source>Why</source>
        <translation>评分依据</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1064"/>
        <source>Score history</source>
        <translation>评分变化</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1078"/>
        <source>Not scored yet</source>
        <translation>尚未评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1082"/>
        <source>This customer has not been scored yet. Scores are worked out by the risk recompute (风险预警 page, or after each import).</source>
        <translation>该客户尚未评分。评分由风险重算得出（在风险预警页发起，或每次导入后自动进行）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1086"/>
        <source>%1 risk · %2 points</source>
        <translation>%1风险 · %2 分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1090"/>
        <source>Segment: %1</source>
        <translation>客户细分：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1092"/>
        <source>contact every %1 days</source>
        <translation>每 %1 天联系一次</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1094"/>
        <source>rule set version %1</source>
        <translation>规则版本 %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1097"/>
        <source>No risk rule fires for this customer.</source>
        <translation>该客户未触发任何风险规则。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1098"/>
        <source>Strategy: %1</source>
        <translation>维护策略：%1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1112"/>
        <source>The score has not changed since it was first worked out: a point is recorded each time the score, level or reasons change.</source>
        <translation>评分自首次计算以来没有变化：评分、等级或依据每变化一次，记录一个点。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/customer360.py" line="1141"/>
        <source>Score</source>
        <translation>评分</translation>
    </message>
</context>
<context>
    <name>RiskRulesPanel</name>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="70"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="70"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="70"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="70"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="71"/>
        <source>Threshold or tiers (value:points)</source>
        <translation>阈值或分档（阈值:分值）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="71"/>
        <source>Window (days)</source>
        <translation>统计天数</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="72"/>
        <source>Level cut-offs (score from)</source>
        <translation>风险等级分界（分数起点）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="73"/>
        <source>Suggested five-tier class (overdue days)</source>
        <translation>五级分类建议（逾期天数）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="74"/>
        <source>Special mention from day</source>
        <translation>关注：逾期天数自</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="74"/>
        <source>Substandard after</source>
        <translation>次级：逾期超过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="75"/>
        <source>Doubtful after</source>
        <translation>可疑：逾期超过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="75"/>
        <source>Loss after</source>
        <translation>损失：逾期超过</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="78"/>
        <source>To be confirmed against the bank&apos;s own policy: these thresholds only suggest a class.</source>
        <translation>须按本行政策确认：以上阈值仅用于建议五级分类，不替代本行认定。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="80"/>
        <source>Save as new version…</source>
        <translation>保存为新版本…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="90"/>
        <source>Rule set version %1</source>
        <translation>规则版本 %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="103"/>
        <source>No rule set yet: it is created at the first recompute.</source>
        <translation>尚无规则版本：首次重算时自动创建默认规则。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="184"/>
        <source>Save rules</source>
        <translation>保存风险规则</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/risk_rules.py" line="185"/>
        <source>What changed (kept with the version)</source>
        <translation>修改说明（随版本保存）</translation>
    </message>
</context>
<context>
    <name>RoutePanel</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="737"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="738"/>
        <source>Staff</source>
        <translation>走访人员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="739"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="740"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="743"/>
        <source>Use the suggested order</source>
        <translation>采用建议顺序</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="744"/>
        <source>Print the day&apos;s visit pack</source>
        <translation>打印当日走访资料包</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="802"/>
        <source>Suggested order: </source>
        <translation>建议顺序：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="804"/>
        <source>Current order: about %1 km</source>
        <translation>当前顺序：约 %1 公里</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="807"/>
        <source>The current order is the suggested one.</source>
        <translation>当前顺序即为建议顺序。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="812"/>
        <source>No visits on this day. Plan visits from 走访筛选, or pick another day.</source>
        <translation>当天没有走访安排。请在“走访筛选”中安排走访，或选择其他日期。</translation>
    </message>
</context>
<context>
    <name>RouteSketch</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="645"/>
        <source>No coordinates: stops are ordered by district, street and house number</source>
        <translation>客户无坐标：按区县、街道和门牌顺序排列</translation>
    </message>
</context>
<context>
    <name>ScreeningPanel</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="195"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="196"/>
        <source>Overdue ¥</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="197"/>
        <source>Not visited in (days)</source>
        <translation>未走访天数 ≥</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="198"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="199"/>
        <source>from</source>
        <translation>最低</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="200"/>
        <source>to</source>
        <translation>最高</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="201"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="202"/>
        <source>Phone unreachable</source>
        <translation>电话失联</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="203"/>
        <source>Include planned</source>
        <translation>含已安排走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="204"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="205"/>
        <location filename="../../crm/ui/pages/visits.py" line="288"/>
        <source>Plan visits…</source>
        <translation>安排走访…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="207"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="212"/>
        <source>All buckets</source>
        <translation>全部逾期阶段</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="222"/>
        <source>All managers</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="261"/>
        <source>%1 customers match; the %2 with the highest priority are shown</source>
        <translation>共 %1 位客户符合条件，显示优先分最高的 %2 位</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="265"/>
        <source>%1 customers match</source>
        <translation>共 %1 位客户符合条件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="268"/>
        <source>No customer needs a visit under these filters. Candidates are overdue customers without a visit already planned; widen the filters or tick “Include planned”.</source>
        <translation>在当前筛选条件下没有需要走访的客户。候选客户为尚未安排走访的逾期客户；请放宽筛选条件，或勾选“含已安排走访”。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="289"/>
        <source>Plan visits for %1 customers…</source>
        <translation>为 %1 位客户安排走访…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="308"/>
        <source>%1 visit(s) planned for %2; see 走访计划.</source>
        <translation>已安排 %1 次走访（%2），可在“走访计划”中查看。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="312"/>
        <source>Not planned:</source>
        <translation>以下客户未安排：</translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="56"/>
        <source>Customers and loan balances by segment and risk level. Click a cell to open the customer list filtered to it.</source>
        <translation>按客户细分和风险等级统计客户数与贷款余额。点击单元格可打开相应筛选的客户清单。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="58"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="80"/>
        <source>Not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="80"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="81"/>
        <source>Cadence</source>
        <translation>回访周期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="81"/>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="87"/>
        <source>No segment</source>
        <translation>未细分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="99"/>
        <source>every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/segments.py" line="100"/>
        <source>as needed</source>
        <translation>按需</translation>
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
    <name>SnoozeDialog</name>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="72"/>
        <source>Snooze</source>
        <translation>推迟</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="77"/>
        <source>Until</source>
        <translation>推迟到</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="172"/>
        <source>Sheet, encoding and header row</source>
        <translation>工作表、编码和表头行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="173"/>
        <source>Detected automatically; change them if the preview looks wrong. The header row is shaded blue.</source>
        <translation>已自动识别；如预览不对，请修改。表头行以蓝色底纹标出。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="178"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="181"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="182"/>
        <source>Encoding (CSV)</source>
        <translation>编码（CSV）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="187"/>
        <source>Header row (Excel row number)</source>
        <translation>表头行（Excel 行号）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="203"/>
        <source> (hidden)</source>
        <translation>（隐藏）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/import_wizard.py" line="216"/>
        <source>%1 data rows below the header.</source>
        <translation>表头下共有 %1 行数据。</translation>
    </message>
</context>
<context>
    <name>SurveyEntryDialog</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="672"/>
        <source>Satisfaction survey</source>
        <translation>满意度调查</translation>
    </message>
</context>
<context>
    <name>SurveyEntryForm</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="308"/>
        <source>Paper survey &amp;code</source>
        <translation>纸质问卷编号(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="308"/>
        <source>C&amp;ustomer</source>
        <translation>客户(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="309"/>
        <source>&amp;Questionnaire</source>
        <translation>问卷(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="310"/>
        <source>C&amp;hannel</source>
        <translation>渠道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="310"/>
        <source>Follow-up of</source>
        <translation>回访对象</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="316"/>
        <source>e.g. S2612-7KQ4MZ-P; Enter fills in the customer</source>
        <translation>如 S2612-7KQ4MZ-P，回车后自动带出客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="317"/>
        <source>Read code</source>
        <translation>读取编号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="318"/>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="319"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="320"/>
        <source>Record thanks…</source>
        <translation>登记感谢回馈…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="321"/>
        <source>Import paper answers…</source>
        <translation>导入纸质答卷…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="323"/>
        <source>Import a filled-in answer sheet (Excel): one row per paper questionnaire, keyed by its survey code; rows with problems are refused with the reason</source>
        <translation>导入填好的答卷录入表（Excel）：每份纸质问卷一行，按问卷编号对应；有问题的行被拒绝并说明原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="325"/>
        <source>Download answer template…</source>
        <translation>下载答卷模板…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="327"/>
        <source>A blank Excel sheet for the selected questionnaire, laid out as the import reads it, with the codes of printed sheets not yet entered</source>
        <translation>所选问卷的空白 Excel 录入表，格式与导入要求一致，并预填已打印、尚未录入的问卷编号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="364"/>
        <source>No active questionnaire. An administrator can add one on the Templates tab.</source>
        <translation>没有启用中的问卷。管理员可在“问卷模板”中新建。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="395"/>
        <source>Remediation case #%1: this follow-up survey checks the remedy worked, so the 30-day rule does not apply.</source>
        <translation>整改工单 #%1 的回访调查：用于检验整改效果，不受 30 天间隔限制。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="415"/>
        <source>The answers for survey code %1 were already entered.</source>
        <translation>问卷编号 %1 的答卷已录入。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="444"/>
        <source>Not surveyed before.</source>
        <translation>此前未接受过满意度调查。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="446"/>
        <source>Last surveyed %1.</source>
        <translation>上次调查：%1。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="449"/>
        <source>Last surveyed %1; not again before %2 (the minimum gap), except a follow-up of a remediation case.</source>
        <translation>上次调查：%1；%2 前不再调查（最短间隔），整改回访除外。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="496"/>
        <source>Choose the customer, or type the paper survey code</source>
        <translation>请选择客户，或输入纸质问卷编号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="498"/>
        <source>Choose a questionnaire</source>
        <translation>请选择问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="526"/>
        <source>Saved response #%1 for %2 (%3).</source>
        <translation>已保存%2的答卷 #%1（%3）。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="529"/>
        <source>Remediation case #%1 opened (%2); the manager and the supervisor see it under Remediation cases.</source>
        <translation>已开立整改工单 #%1（%2），客户经理和主管可在“整改工单”中查看。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="534"/>
        <source>Suggestion filed as feedback #%1.</source>
        <translation>已转为意见建议（反馈 #%1），待主管决定是否采纳。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="537"/>
        <source>A positive response: you may record a thank-you.</source>
        <translation>好评答卷，可标记感谢或回馈。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="551"/>
        <source>Save answer template</source>
        <translation>保存答卷模板</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="552"/>
        <location filename="../../crm/ui/survey_dialogs.py" line="619"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="560"/>
        <source>Writing the answer template…</source>
        <translation>正在生成答卷模板…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="564"/>
        <source>Answer template saved: %1 (%2 questions; %3 printed sheets not yet entered are listed)</source>
        <translation>答卷模板已保存：%1（共 %2 题；已列出 %3 份已打印、尚未录入的问卷）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="566"/>
        <source>Answer template saved: %1 (%2 questions; no printed sheet is waiting to be entered)</source>
        <translation>答卷模板已保存：%1（共 %2 题；目前没有已打印、待录入的问卷）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="577"/>
        <location filename="../../crm/ui/survey_dialogs.py" line="600"/>
        <source>Import paper answers</source>
        <translation>导入纸质答卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="578"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.xls *.csv)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.xls *.csv)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="590"/>
        <source>Importing paper answers…</source>
        <translation>正在导入纸质答卷…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="604"/>
        <source>
… and %1 more: save the error report to see all</source>
        <translation>
……另有 %1 条，请保存错误报告查看全部</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="606"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="617"/>
        <source>Save error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="646"/>
        <source>Record thanks</source>
        <translation>登记感谢回馈</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="647"/>
        <source>Thank-you or loyalty action</source>
        <translation>感谢或回馈措施</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="656"/>
        <source>Thank-you recorded.</source>
        <translation>已登记感谢回馈。</translation>
    </message>
</context>
<context>
    <name>SurveySettingsDialog</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1211"/>
        <source>Survey settings</source>
        <translation>调查设置</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1212"/>
        <source>&amp;Minimum days between two surveys of a customer</source>
        <translation>同一客户两次调查最短间隔(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1214"/>
        <location filename="../../crm/ui/survey_dialogs.py" line="1226"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1215"/>
        <source>Remediation case &amp;due after</source>
        <translation>整改期限(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1217"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1218"/>
        <source>Periodic surveys by customer segment:</source>
        <translation>按客户细分定期调查：</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1219"/>
        <source>&amp;New periodic survey tasks per manager per day</source>
        <translation>每位客户经理每天新增定期调查任务(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1221"/>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1222"/>
        <source> tasks</source>
        <translation> 个</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1223"/>
        <source>Customer segment</source>
        <translation>客户细分</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1224"/>
        <source>Survey every</source>
        <translation>调查周期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1227"/>
        <source>Not periodic</source>
        <translation>不定期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1229"/>
        <source>Each day 今日工作 creates a survey task for every customer of a segment whose last survey is older than its period (never within the minimum gap, never beside an open survey task), at most the daily number per manager (the rest follow on the next days). 0 = the segment is not surveyed periodically.</source>
        <translation>每天打开“今日工作”时，为上次调查已超过所在细分周期的客户建满意度调查任务（不违反最短间隔，已有未完成调查任务的客户不重复建），每位客户经理每天不超过上面的数量，其余顺延到之后几天。周期为 0 表示该细分不定期调查。</translation>
    </message>
</context>
<context>
    <name>SurveysPage</name>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1044"/>
        <source>Enter answers</source>
        <translation>录入问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1044"/>
        <source>Analysis</source>
        <translation>满意度分析</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1045"/>
        <source>Remediation cases</source>
        <translation>整改工单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1045"/>
        <source>Feedback</source>
        <translation>意见反馈</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1046"/>
        <source>Questionnaires</source>
        <translation>问卷模板</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1045"/>
        <source>New questionnaire</source>
        <translation>新建问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1046"/>
        <source>Edit questionnaire</source>
        <translation>修改问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1047"/>
        <source>&amp;Name</source>
        <translation>问卷名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1049"/>
        <source>&amp;Description</source>
        <translation>说明(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1052"/>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1052"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1052"/>
        <source>Kind</source>
        <translation>题型</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1053"/>
        <source>Options (separate with ；)</source>
        <translation>选项（用“；”分隔）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1053"/>
        <source>Required</source>
        <translation>必答</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1054"/>
        <source>Add question</source>
        <translation>添加题目</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1055"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1056"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1057"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1059"/>
        <source>%1 responses use this version: saving makes version %2 and retires this one; old responses keep theirs.</source>
        <translation>此版本已有 %1 份答卷：保存后生成第 %2 版并停用本版，原答卷仍归属本版。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/survey_dialogs.py" line="1063"/>
        <source>1–5 questions use the labels 非常不满意 … 非常满意; 推荐意愿 is asked 0–10; 意见建议 answers become feedback.</source>
        <translation>1–5 分题使用“非常不满意 … 非常满意”标签；推荐意愿为 0–10 分；意见建议的回答会转为客户反馈。</translation>
    </message>
</context>
<context>
    <name>TemplatesPanel</name>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="921"/>
        <source>Show retired versions</source>
        <translation>显示已停用版本</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="922"/>
        <source>New questionnaire…</source>
        <translation>新建问卷…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="923"/>
        <source>Edit (new version if answered)…</source>
        <translation>修改（已有答卷则另存新版）…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="924"/>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="925"/>
        <source>Survey settings…</source>
        <translation>调查设置…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="927"/>
        <source>Minimum gap between two surveys, remediation due days, periodic surveys by segment</source>
        <translation>两次调查最短间隔、整改期限、按客户细分的定期调查</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="928"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="928"/>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="929"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="929"/>
        <source>Kind</source>
        <translation>题型</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="930"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1003"/>
        <source>Retire questionnaire</source>
        <translation>停用问卷</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/surveys.py" line="1004"/>
        <source>Retire “%1”? It can no longer be used for new answers; the answers already given stay in the analysis.</source>
        <translation>停用“%1”？停用后不能再用于录入新答卷，已有答卷仍保留在分析中。</translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="35"/>
        <source>Overdue follow-ups</source>
        <translation>逾期未跟进</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="36"/>
        <source>Follow-ups due today</source>
        <translation>今日到期跟进</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="37"/>
        <source>Promises due today</source>
        <translation>今日到期承诺</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="38"/>
        <source>Promises broken yesterday</source>
        <translation>昨日未履行承诺</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="39"/>
        <source>Visits today</source>
        <translation>今日走访</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="40"/>
        <source>Open risk alerts</source>
        <translation>未处理风险预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="41"/>
        <source>Satisfaction follow-ups due</source>
        <translation>到期满意度整改</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="195"/>
        <source>Today — %1</source>
        <translation>今日工作 — %1</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="197"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="198"/>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="199"/>
        <source>Snooze…</source>
        <translation>推迟…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="200"/>
        <source>Reassign…</source>
        <translation>转派…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="201"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="216"/>
        <source>Escalated or overdue alerts</source>
        <translation>已升级或超时未响应的预警</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="219"/>
        <source>Risk alerts not acknowledged within their response time, or escalated to the supervisor. Click to open them on the Risk alerts page.</source>
        <translation>超过响应时限仍未确认、或已升级至主管的风险预警。点击在风险预警页查看。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="225"/>
        <source>Satisfaction remediation: %1 new cases for you to note, %2 overdue cases escalated to you — click to open the remediation cases</source>
        <translation>满意度整改：%1 件新整改事项请您知悉，%2 件逾期整改已升级给您 — 点击打开整改工单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="233"/>
        <source>Nothing in this list.</source>
        <translation>此列表中暂无事项。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="234"/>
        <source>Nothing is due today. Follow-ups you schedule when logging a contact (Ctrl+N on a customer) and promises to pay appear here on their day.</source>
        <translation>今天没有到期事项。记录联系时（在客户上按 Ctrl+N）安排的跟进和客户的还款承诺，会在到期当天显示在这里。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/today.py" line="245"/>
        <source>%1 more items are not listed: each kind lists its %2 most urgent (your own first). Work through these, or open the Customers page to filter the rest.</source>
        <translation>另有 %1 项未列出：每类只列出最紧急的 %2 项（本人的优先）。请先处理这些，其余可在“客户”页筛选查看。</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="84"/>
        <source>Add user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="91"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="96"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="97"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="98"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="99"/>
        <source>Branch</source>
        <translation>支行</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="100"/>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="38"/>
        <location filename="../../crm/ui/pages/admin.py" line="75"/>
        <source>Add user…</source>
        <translation>新增用户…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/admin.py" line="39"/>
        <location filename="../../crm/ui/pages/admin.py" line="76"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="791"/>
        <source>Preparation checklist</source>
        <translation>走访准备清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="792"/>
        <source>Save checklist</source>
        <translation>保存准备清单</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="793"/>
        <source>Appointment…</source>
        <translation>预约…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="794"/>
        <source>Record visit…</source>
        <translation>登记走访记录…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="795"/>
        <source>Submit for review</source>
        <translation>提交复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="796"/>
        <source>Reschedule…</source>
        <translation>改期…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="797"/>
        <source>Cancel visit…</source>
        <translation>取消走访…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="798"/>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="799"/>
        <source>Repayment plan…</source>
        <translation>还款计划…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="800"/>
        <source>Draw up a repayment plan agreed on this visit</source>
        <translation>为本次走访商定的还款安排制定还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="801"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="807"/>
        <source>Visit #%1</source>
        <translation>走访计划 #%1</translation>
    </message>
</context>
<context>
    <name>VisitDialogs</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="95"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="97"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VisitEffectsWidget</name>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="194"/>
        <source>Visits from</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="195"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="196"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="197"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="198"/>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="199"/>
        <source>Group by</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="203"/>
        <source>Manager</source>
        <translation>按客户经理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="204"/>
        <source>Month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="207"/>
        <source>Export visit list…</source>
        <translation>导出走访清单…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="208"/>
        <source>The visits of this period as an Excel list (audited)</source>
        <translation>把本期间的走访导出为 Excel 清单（记入审计）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="211"/>
        <source>No completed visits in this period. Visits count here once they are recorded (visited, customer not met, awaiting review or reviewed); choose a longer period, or record the visits first.</source>
        <translation>所选期间没有已完成的走访。走访登记结果后（已走访、未见到客户、待复核或已复核）才计入效果评估；请选择更长的期间，或先登记走访结果。</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="281"/>
        <source>&lt;b&gt;%1&lt;/b&gt; visits to &lt;b&gt;%2&lt;/b&gt; customers</source>
        <translation>走访 &lt;b&gt;%1&lt;/b&gt; 次，涉及客户 &lt;b&gt;%2&lt;/b&gt; 户</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="283"/>
        <source>overdue down &lt;b&gt;%1&lt;/b&gt; after 90 days (%2 visits compared, %3 cured)</source>
        <translation>90 天后逾期压降 &lt;b&gt;%1&lt;/b&gt;（可比走访 %2 次，结清 %3 户）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="286"/>
        <source>promises kept &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>承诺兑现率 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="287"/>
        <source>plans completed &lt;b&gt;%1&lt;/b&gt; of %2</source>
        <translation>还款计划完成率 &lt;b&gt;%1&lt;/b&gt;（共 %2 个）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="289"/>
        <source>instalments paid &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>分期按时还款率 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="299"/>
        <source>Rates by manager</source>
        <translation>各客户经理走访效果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="300"/>
        <source>Rates by month</source>
        <translation>各月走访效果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="305"/>
        <source>Overdue reduction (90 days)</source>
        <translation>逾期压降率（90 天）</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="306"/>
        <source>Promises kept</source>
        <translation>承诺兑现率</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visit_effects.py" line="307"/>
        <source>Plans completed</source>
        <translation>计划完成率</translation>
    </message>
</context>
<context>
    <name>VisitReport</name>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="605"/>
        <source>Date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="606"/>
        <source>Purpose</source>
        <translation>走访目的</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="607"/>
        <source>Staff</source>
        <translation>走访人员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="608"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="609"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="610"/>
        <source>Appointment</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="611"/>
        <source>Preparation</source>
        <translation>走访准备</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="612"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="613"/>
        <source>Result</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="614"/>
        <source>Present</source>
        <translation>在场人员</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="615"/>
        <source>Situation</source>
        <translation>了解到的情况</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="616"/>
        <source>Difficulty</source>
        <translation>困难原因</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="617"/>
        <source>Willingness / ability</source>
        <translation>还款意愿 / 能力</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="618"/>
        <source>Findings</source>
        <translation>走访发现</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="619"/>
        <source>Agreed</source>
        <translation>约定事项</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="620"/>
        <source>Next steps</source>
        <translation>后续安排</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="621"/>
        <source>Overdue at the visit</source>
        <translation>走访时逾期金额</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="622"/>
        <source>Safety incident</source>
        <translation>安全事件</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="623"/>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/visit_dialogs.py" line="624"/>
        <source>Cancel reason</source>
        <translation>取消原因</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1044"/>
        <source>Visit management</source>
        <translation>走访管理</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1045"/>
        <source>Screening</source>
        <translation>走访筛选</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1045"/>
        <source>Visit plan</source>
        <translation>走访计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1045"/>
        <source>Day route</source>
        <translation>今日路线</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1047"/>
        <source>Supervisor review</source>
        <translation>主管复核</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1049"/>
        <source>Repayment plans</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location filename="../../crm/ui/pages/visits.py" line="1049"/>
        <source>Effect evaluation</source>
        <translation>效果评估</translation>
    </message>
</context>
</TS>
