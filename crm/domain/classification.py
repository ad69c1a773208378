"""Overdue buckets and the five-tier class suggested by overdue days."""
from __future__ import annotations

from dataclasses import dataclass

from crm.domain.enums import Bucket, FiveTier

BUCKET_BOUNDS: tuple[tuple[int, Bucket], ...] = (
    (0, Bucket.M0), (30, Bucket.M1), (60, Bucket.M2), (90, Bucket.M3), (180, Bucket.M4_6),
)


def bucket_for(overdue_days: int) -> Bucket:
    for upper, bucket in BUCKET_BOUNDS:
        if overdue_days <= upper:
            return bucket
    return Bucket.M6_PLUS


def bucket_range(bucket: Bucket) -> tuple[int, int | None]:
    """Inclusive overdue-day range of a bucket; None means unbounded."""
    lower = 0
    for upper, b in BUCKET_BOUNDS:
        if b is bucket:
            return lower, upper
        lower = upper + 1
    return 181, None


@dataclass(frozen=True)
class TierThresholds:
    """Default policy; a bank must confirm these against its own rules."""

    special_mention_from: int = 1
    substandard_after: int = 90
    doubtful_after: int = 270
    loss_after: int = 360


def suggested_five_tier(overdue_days: int, t: TierThresholds = TierThresholds()) -> FiveTier:
    if overdue_days > t.loss_after:
        return FiveTier.LOSS
    if overdue_days > t.doubtful_after:
        return FiveTier.DOUBTFUL
    if overdue_days > t.substandard_after:
        return FiveTier.SUBSTANDARD
    if overdue_days >= t.special_mention_from:
        return FiveTier.SPECIAL_MENTION
    return FiveTier.NORMAL


def next_threshold(overdue_days: int, t: TierThresholds = TierThresholds()
                   ) -> tuple[FiveTier, int] | None:
    """The next worse class an overdue loan reaches, and in how many days; None at 损失
    (or when the loan is not overdue)."""
    if overdue_days < 1:
        return None
    for tier, after in ((FiveTier.SUBSTANDARD, t.substandard_after),
                        (FiveTier.DOUBTFUL, t.doubtful_after), (FiveTier.LOSS, t.loss_after)):
        if overdue_days <= after:
            return tier, after + 1 - overdue_days
    return None


def rank_of(tier: FiveTier | None) -> int:
    return -1 if tier is None else tier.rank
