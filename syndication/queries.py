"""Reads for the channel admin: recent runs and the last run's issues, each in one query."""

from dataclasses import dataclass, field

from django.db.models import Count

from syndication.models import Channel, FeedIssue, FeedRun

AFFECTED_PRODUCTS_SHOWN = 10


@dataclass
class IssueGroup:
    severity: str
    code: str
    field: str
    count: int = 0
    product_codes: list[str] = field(default_factory=list)
    more_products: int = 0


def channel_recent_runs(*, channel: Channel, limit: int = 10) -> list[FeedRun]:
    return list(FeedRun.objects.filter(channel=channel).order_by("-id")[:limit])


def run_issue_groups(*, run: FeedRun) -> list[IssueGroup]:
    """The run's issues grouped by severity, code and field, with counts and some of the affected products."""
    groups: dict[tuple[str, str, str], IssueGroup] = {}
    rows = (FeedIssue.objects.filter(run=run).values("severity", "code", "field", "product_code")
            .annotate(count=Count("id")).order_by("severity", "code", "field", "product_code"))
    for row in rows:
        key = (row["severity"], row["code"], row["field"])
        group = groups.setdefault(key, IssueGroup(*key))
        group.count += row["count"]
        if len(group.product_codes) < AFFECTED_PRODUCTS_SHOWN:
            group.product_codes.append(row["product_code"])
        else:
            group.more_products += 1
    return sorted(groups.values(), key=lambda group: (group.severity != "error", -group.count))
