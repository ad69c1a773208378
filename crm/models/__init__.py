"""The tables: SQLAlchemy 2.0 typed models on one declarative base."""
from crm.models.base import Base
from crm.models.customers import Customer, CustomerParty, FinancialSnapshot
from crm.models.loans import Loan, Repayment
from crm.models.org import Branch, Setting, User
from crm.models.records import AuditEvent, Document, ImportBatch, ImportChange, SavedView
from crm.models.risk import DistrictRisk, RiskAlert, RiskAlertEvent, RiskRule, RiskRuleSetVersion, RiskScore
from crm.models.surveys import (
    Feedback, RemediationCase, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTemplate,
)
from crm.models.visits import (
    RepaymentPlan, RepaymentPlanInstalment, RepaymentPlanLoan, VisitPlan, VisitStaff,
)
from crm.models.work import ContactRecord, Task

__all__ = [
    "AuditEvent", "Base", "Branch", "ContactRecord", "Customer", "CustomerParty", "DistrictRisk",
    "Document", "Feedback", "FinancialSnapshot", "ImportBatch", "ImportChange", "Loan",
    "RemediationCase", "Repayment", "RepaymentPlan", "RepaymentPlanInstalment",
    "RepaymentPlanLoan", "RiskAlert", "RiskAlertEvent", "RiskRule", "RiskRuleSetVersion",
    "RiskScore", "SavedView", "Setting", "SurveyAnswer", "SurveyQuestion", "SurveyResponse",
    "SurveyTemplate", "Task", "User", "VisitPlan", "VisitStaff",
]
