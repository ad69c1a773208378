"""贷后管理 CRM: post-loan management for bank branches."""
