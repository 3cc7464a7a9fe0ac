"""Who researched a claim, read from its history: the people the two-person rule keeps from
publishing it.

A claim's researchers are the people who worked on it while it was new or in research: who
created or changed it or took a step on it (assign, start research, submit for review), or
added, changed or removed its evidence or notes. Reviewing (sending back, publishing,
correcting, marking not checkable) makes no one a researcher; nor does being named in the
claim's "researcher" field, nor a save that changed nothing but the quote's position (an edit
of the article's text moves it).

A claim loaded without history of who made it (a fixture or an import: its first history row
names no user) counts the researcher it was loaded with, as that row shows.
"""

from bisect import bisect_right

from django.contrib.auth import get_user_model

from claims.models import Claim, Evidence, ReviewNote

RESEARCH_STATUSES = frozenset({Claim.Status.NEW, Claim.Status.RESEARCHING})

# What a save can change without anyone working on the claim: the bookkeeping every save
# changes, and the quote's position.
NOT_WORK = frozenset({"span_start", "span_end", "version", "updated_at"})

# The change reason of the save that moves a claim's quote after an edit of the article's text
# (services.relocate_claims): whoever edited the article did not work on the claim.
QUOTE_MOVED = "The article's text was edited; the quote moved"


def _fields(model):
    return [f.attname for f in model._meta.concrete_fields]


def _rows(history, model):
    return list(
        history.order_by("history_date", "history_id").values(
            *_fields(model),
            "history_user_id",
            "history_type",
            "history_date",
            "history_change_reason",
        )
    )


def _changed(row, previous, fields):
    return {f for f in fields if previous is None or row[f] != previous[f]}


def loaded_researcher_ids(claim):
    """The researchers of a claim created without a user in its history (a fixture, an import):
    the researcher it was loaded with, if any. An import decides with it whether a claim can be
    published before the claim is written."""
    return [claim.researcher_id] if claim.researcher_id else []


def researcher_ids(claim):
    """The ids of the claim's researchers, in the order they first worked on it."""
    ids = {}  # an ordered set
    claim_fields = _fields(Claim)
    rows = _rows(Claim.history.filter(id=claim.pk), Claim)
    if not rows or rows[0]["history_user_id"] is None:
        loaded = Claim(researcher_id=rows[0]["researcher_id"]) if rows else claim
        ids.update(dict.fromkeys(loaded_researcher_ids(loaded)))
    # The claim's status after each of its saves, to know what state a change of its evidence
    # or notes was made in.
    dates, statuses = [], []
    previous = None
    for row in rows:
        before = previous["status"] if previous else row["status"]
        worked = (
            row["history_user_id"] is not None
            and before in RESEARCH_STATUSES
            and row["status"] != Claim.Status.NOT_CHECKABLE
            and row["history_type"] != "-"
            and row["history_change_reason"] != QUOTE_MOVED
            and (previous is None or _changed(row, previous, claim_fields) - NOT_WORK)
        )
        if worked:
            ids.setdefault(row["history_user_id"])
        dates.append(row["history_date"])
        statuses.append(row["status"])
        previous = row

    def status_at(moment):
        i = bisect_right(dates, moment)
        if i:
            return statuses[i - 1]
        return statuses[0] if statuses else claim.status

    for model in (Evidence, ReviewNote):
        fields = _fields(model)
        last_of = {}  # the previous history row of each evidence or note
        for row in _rows(model.history.filter(claim_id=claim.pk), model):
            previous = last_of.get(row["id"])
            last_of[row["id"]] = row
            changed = row["history_type"] != "~" or _changed(row, previous, fields) - NOT_WORK
            if (
                row["history_user_id"] is not None
                and changed
                and status_at(row["history_date"]) in RESEARCH_STATUSES
            ):
                ids.setdefault(row["history_user_id"])
    return list(ids)


def researchers(claim):
    """The claim's researchers (users), in the order they first worked on it."""
    ids = researcher_ids(claim)
    users = get_user_model().objects.in_bulk(ids)
    return [users[pk] for pk in ids if pk in users]
