"""Every word the browser pages show, in Chinese and in English.

Chinese is the pages' language; a reviewer who chooses English (the link at the top of every
page) gets it from a cookie, ``approval_lang``. What the rules and the documents say comes with
its own English (``message_en``, ``title_en``), picked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

LANG_COOKIE = "approval_lang"
LANGUAGES = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    # sign-in
    "sign_in_title": ("审核人员登录", "Reviewer sign-in"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "page_expired": ("页面已过期，请重新登录。", "The page expired; sign in again."),
    "wrong_password": ("用户名或密码错误。", "Wrong username or password."),
    "other_language": ("English", "中文"),
    # queue
    "queue_title": ("待审核案件", "Review queue"),
    "total": ("共 {n} 件", "{n} in all"),
    "take_next": ("领取下一件", "Take the next task"),
    "nothing_to_take": ("没有待领取的案件", "Nothing to take"),
    "col_case": ("案件", "Case"),
    "col_matter": ("事项", "Matter"),
    "col_applicant": ("申请人", "Applicant"),
    "col_id_number": ("证件号", "ID number"),
    "col_reasons": ("原因", "Reasons"),
    "col_due": ("办结时限（北京时间）", "Due (China time)"),
    "col_days_left": ("剩余工作日", "Working days left"),
    "col_warning": ("预警", "Warning"),
    "col_status": ("状态", "Status"),
    "all_routed": ("全部待审核", "All awaiting review"),
    "all_matters": ("全部事项", "All matters"),
    "any_warning": ("全部预警", "Any warning"),
    "search_hint": ("案件号 / 姓名 / 证件号（脱敏）", "Case id / name / masked ID number"),
    "filter": ("筛选", "Filter"),
    "statistics": ("统计", "Statistics"),
    "warning.red": ("已超期", "Overdue"),
    "warning.yellow": ("即将到期", "Due soon"),
    "warning.green": ("正常", "On time"),
    "status.open": ("未认领", "Unclaimed"),
    "status.claimed": ("已认领", "Claimed"),
    "status.routed": ("待人工审核", "Awaiting review"),
    "status.returned": ("已退回", "Returned"),
    "status.approved": ("已准予", "Approved"),
    "status.rejected": ("不予许可", "Rejected"),
    "status.received": ("已接收", "Received"),
    "status.processing": ("处理中", "Processing"),
    "status.done": ("已办结", "Done"),
    # case page
    "case_title": ("案件 {case_id}", "Case {case_id}"),
    "matter": ("事项", "Matter"),
    "status": ("状态", "Status"),
    "due": ("时限", "Due"),
    "china_time": ("%Y-%m-%d %H:%M（北京时间）", "%Y-%m-%d %H:%M (China time)"),
    "credit_code": ("统一社会信用代码", "Credit code"),
    "licence": ("营业执照", "Business licence"),
    "reasons": ("原因", "Reasons"),
    "form_and_documents": ("申请与证件", "Form and documents"),
    "item": ("项目", "Item"),
    "typed": ("申请人填写", "Typed by the applicant"),
    "read": ("证件识别（置信度）", "Read from the documents (confidence)"),
    "outlined": ("框出识别到的字段及置信度；红框低于自动审批所需。",
                 "Each field read is outlined with its confidence; red ones are below what an "
                 "automatic decision needs."),  # fmt: skip
    "rules": ("规则", "Rules"),
    "rule": ("规则", "Rule"),
    "rule_title": ("名称", "Title"),
    "outcome": ("结果", "Outcome"),
    "explanation": ("说明", "Explanation"),
    "basis": ("法律依据", "Legal basis"),
    "facts": ("依据事实", "Facts used"),
    "outcome.passed": ("通过", "passed"),
    "outcome.failed": ("不通过", "failed"),
    "outcome.undetermined": ("无法判定", "undetermined"),
    "history": ("记录", "History"),
    "claim": ("认领", "Claim"),
    "claimed_by_other": ("已由其他审核人员认领。", "Claimed by another reviewer."),
    "approve": ("准予", "Approve"),
    "reject": ("不予", "Reject"),
    "return": ("退回补正", "Return for correction"),
    "comment_hint": ("意见（不予、退回时必填）", "Comment (required to reject or return)"),
    "decide": ("提交", "Decide"),
    "release": ("释放", "Release"),
    "back_to_queue": ("返回队列", "Back to the queue"),
    "back": ("返回", "Back"),
    "cannot_release": ("无法释放", "Cannot release"),
    "already_claimed": ("已被他人认领", "Already claimed"),
    "invalid_outcome": ("无效的决定", "Invalid outcome"),
    "claim_first": ("请先认领", "Claim the task first"),
    "event.received": ("收件", "received"),
    "event.processing": ("开始处理", "processing began"),
    "event.read": ("证件已识别", "documents read"),
    "event.evaluated": ("规则已评估", "rules evaluated"),
    "event.routed": ("转人工审核", "routed to a reviewer"),
    "event.approved": ("准予", "approved"),
    "event.rejected": ("不予许可", "rejected"),
    "event.returned": ("退回补正", "returned for correction"),
    "event.claimed": ("认领", "claimed"),
    "event.released": ("释放", "released"),
    "event.assigned": ("指派", "assigned"),
    "event.resubmitted": ("补正后重新提交", "resubmitted"),
    "event.notified": ("已通知门户", "portal notified"),
    # statistics
    "statistics_title": ("统计（最近12周）", "Statistics (last 12 weeks)"),
    "week": ("周", "Week"),
    "submitted": ("受理", "Submitted"),
    "decided": ("办结", "Decided"),
    "instant_rate": ("秒批率", "Instant approvals"),
    "on_time_rate": ("按时办结率", "On time"),
    "average_days": ("平均办理工作日", "Average working days"),
    "top_routing": ("主要转人工原因", "Top reasons for review"),
    "top_returns": ("主要退回原因", "Top reasons for return"),
    "average_rating": ("平均评价（评价数）", "Average rating (ratings)"),
    "poor_ratings": ("差评", "Poor ratings"),
    "poor_ratings_title": ("待整改的差评", "Poor ratings to follow up"),
    "score": ("评分", "Score"),
    "comment": ("评价内容", "Comment"),
    "rated_at": ("评价时间", "Rated at"),
    "handling": ("整改情况", "What was done"),
    "handling_hint": ("整改措施及回访情况", "What was done, and the call back to the applicant"),
    "handled": ("整改完成", "Close"),
    "event.rated": ("申请人评价", "rated by the applicant"),
    "event.rating_handled": ("差评整改", "poor rating followed up"),
    # errors shown to a browser
    "error.403": ("无权操作", "Not allowed"),
    "error.404": ("未找到", "Not found"),
    "error.409": ("无法完成", "Cannot do that"),
    "error": ("出错了", "Something went wrong"),
}


@dataclass(frozen=True)
class Words:
    """The words of one page, in the reader's language."""

    english: bool = False

    @property
    def lang(self) -> str:
        return "en" if self.english else "zh"

    def __call__(self, key: str, **values: object) -> str:
        zh, en = TEXT[key]
        return (en if self.english else zh).format(**values)

    def get(self, key: str, default: str) -> str:
        return self(key) if key in TEXT else default

    def named(self, group: str, name: object, default: str | None = None) -> str:
        """How a code of a group is called (``status``, ``warning``, ``event``, ``outcome``): the
        code itself where the catalogue has no words for it."""
        return self.get(f"{group}.{name}", str(name) if default is None else default)

    def pick(self, zh: str, en: str | None) -> str:
        """Text that carries its own English (a rule's message, a matter's title)."""
        return en if self.english and en else zh


CHINESE = Words()


def words_for(request: Request) -> Words:
    return Words(english=request.cookies.get(LANG_COOKIE) == "en")
