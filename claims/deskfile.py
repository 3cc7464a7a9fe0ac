"""Desk files: one article with its claims as JSON a desk can write by hand (DESIGN.md, "Desk
file"). `read_desk_file` checks a whole file in one pass and lists every problem with its place;
`import_desk_file` writes it all in one transaction or nothing; `export_article` writes it back.

Import goes through the desk's rules, not around them: quotes are located by claims/quotes.py,
every object passes full_clean(), sources are matched by URL and claimants by slug or name (reused,
never duplicated), and a claim the file marks published is published only when the importing user
may publish it and services.publish_problems finds nothing against it; otherwise it arrives in
review and the summary says why.
"""

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from itertools import batched

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.db.models import CheckConstraint, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from claims import services
from claims.models import Article, Claim, Claimant, Evidence, ReviewNote, Source, Verdict
from claims.public_counts import recount_published_claims
from claims.quotes import QuoteNotFound, locate_quote, normalise_newlines, occurrences

# The format: every key, in the order export writes them. (key, kind) where kind is "text",
# "date", "datetime", "url", "int" or a list of the values allowed.
ARTICLE_KEYS = ["slug", "headline", "outlet", "url", "published_on", "language", "body"]
CLAIMANT_KEYS = ["slug", "name", "kind", "role", "url"]
CLAIM_KEYS = [
    "slug",
    "quote",
    "occurrence",
    "claimant",
    "claim_reviewed",
    "claim_type",
    "status",
    "verdict",
    "conclusion",
    "researcher",
    "published_at",
    "notes",
    "sources",
]
NOTE_KEYS = ["body", "visibility", "author"]
SOURCE_KEYS = [
    "url",
    "title",
    "publisher",
    "source_type",
    "published_on",
    "archive_url",
    "accessed_on",
    "stance",
    "excerpt",
    "note",
]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# Rows written, and looked up, per query on a large file.
BATCH_SIZE = 500
# How many claims between two reports to a progress bar.
PROGRESS_EVERY = 100
_url_ok = URLValidator()


class DeskFileError(Exception):
    """The file cannot be imported; `problems` lists each one with its place."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class PlannedClaim:
    claim: Claim
    place: str
    wants_published: bool
    claimant_key: object  # a Claimant, a key into Plan.new_claimants, or None
    evidence: list = field(default_factory=list)  # [(source key or Source, Evidence)]
    notes: list = field(default_factory=list)  # [ReviewNote]
    existing: Claim | None = None  # --replace: the claim this one updates
    status: str = ""  # the status the file gives


@dataclass
class Plan:
    article: Article
    existing: Article | None
    claims: list
    new_sources: dict  # url -> Source
    reused_sources: dict  # url -> Source
    new_claimants: dict  # key -> Claimant
    reused_claimants: dict  # pk -> Claimant
    messages: list = field(default_factory=list)


def _quoted(value):
    return json.dumps(value, ensure_ascii=False)


class _Reader:
    """One pass over a parsed desk file, collecting problems instead of stopping at the first."""

    def __init__(self, *, user, replace):
        self.user = user
        self.replace = replace
        self.problems = []
        self.reported = set()  # places with a problem already: the model's rules skip them
        self.verdicts = {v.slug: v for v in Verdict.objects.all()}
        self.users = {}
        self.claimants = {}  # (slug, name) -> what the site has: [Claimant, ...]
        self.checked = {}  # (model, check constraint, values it reads) -> ValidationError or None
        # A user without the Editors' rights imports drafts only: how many claims that changed.
        self.drafts_only = user is not None and not _editor(user)
        self.drafted = 0

    def problem(self, place, message):
        self.reported.add(place)
        self.problems.append(f"{place}: {message}")

    def mapping(self, value, place, keys, required=()):
        if not isinstance(value, dict):
            self.problem(place, f"should be an object {{…}}, not {_quoted(value)[:60]}")
            return None
        for key in value:
            if key not in keys:
                self.problem(f"{place}.{key}", f"unknown key; expected one of {', '.join(keys)}")
        for key in required:
            if value.get(key) in (None, ""):
                self.problem(f"{place}.{key}", "required")
        return value

    def text(self, data, key, place):
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(f"{place}.{key}", f"should be text, not {_quoted(value)[:60]}")
            return ""
        if "\x00" in value:
            self.problem(
                f"{place}.{key}", "contains a NUL character (\\u0000), which cannot be stored"
            )
            return ""
        return normalise_newlines(value)

    def choice(self, data, key, place, values, default=""):
        value = self.text(data, key, place) or default
        if value and value not in values:
            self.problem(f"{place}.{key}", f"{_quoted(value)} is not one of {', '.join(values)}")
            return default
        return value

    def url(self, data, key, place):
        value = self.text(data, key, place)
        if value:
            try:
                _url_ok(value)
            except ValidationError:
                self.problem(f"{place}.{key}", f"{_quoted(value)} is not a valid URL")
                return ""
        return value

    def date(self, data, key, place):
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            if not isinstance(value, str) or not DATE.match(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            shown = value if isinstance(value, str) else _quoted(value)
            self.problem(f"{place}.{key}", f"{shown} is not a date (YYYY-MM-DD)")
            return None

    def moment(self, data, key, place):
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.problem(
                f"{place}.{key}", f"{_quoted(value)} is not a date and time (2025-09-04T16:00:00Z)"
            )
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, datetime.UTC)
        return parsed

    def username(self, data, key, place):
        name = self.text(data, key, place)
        if not name:
            return None
        if name not in self.users:
            self.users[name] = get_user_model().objects.filter(username=name).first()
        if self.users[name] is None:
            self.problem(f"{place}.{key}", f"there is no user {_quoted(name)} on this site")
        return self.users[name]

    def valid(self, obj, place, exclude=(), derived=()):
        """The model's own rules (lengths, choices, constraints), each under its place.
        derived: fields the import computes itself, whose constraints hold by construction (a
        quote's span, found in the body: its end after its start, both within the text)."""
        errors = {}
        try:
            obj.full_clean(exclude=list(exclude), validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for constraint in obj._meta.constraints:
            failed = self.constraint_error(obj, constraint, {*exclude, *derived})
            if failed:
                errors = failed.update_error_dict(errors)
        if errors:
            for name, messages in ValidationError(errors).message_dict.items():
                where = place if name == "__all__" else f"{place}.{name}"
                if where in self.reported and where != place:
                    continue
                for message in messages:
                    self.problem(where, message)

    def constraint_error(self, obj, constraint, exclude):
        """The ValidationError of one of the model's constraints on obj, or None. The database
        answers a check constraint; it is asked once per set of the values the check reads, since
        the claims of a large file share them (version 1, order 1, no occurrence...)."""
        if not isinstance(constraint, CheckConstraint):
            key = None
        else:
            names = sorted(Q(constraint.condition).referenced_base_fields)
            if exclude & set(names):
                return None  # as Django skips a constraint on an excluded field
            values = [getattr(obj, obj._meta.get_field(name).attname) for name in names]
            key = (type(obj), constraint.name, *values)
        if key not in self.checked:
            try:
                constraint.validate(type(obj), obj, exclude=exclude)
            except ValidationError as exc:
                error = exc
            else:
                error = None
            if key is None:
                return error
            self.checked[key] = error
        return self.checked[key]


def read_desk_file(data, *, user=None, replace=False, progress=None):
    """Check a parsed desk file against the database; a Plan of what importing it writes.
    Raises DeskFileError listing every problem. Writes nothing. progress(step, done, total)
    is called as claims are checked."""
    r = _Reader(user=user, replace=replace)
    root = r.mapping(data, "file", ["article", "claims"], required=["article"])
    if root is None:
        raise DeskFileError(r.problems)
    article_data = r.mapping(root.get("article"), "article", ARTICLE_KEYS, ["headline", "body"])
    article = Article()
    existing = None
    if article_data is not None:
        for key in ["slug", "headline", "outlet", "language", "body"]:
            setattr(article, key, r.text(article_data, key, "article"))
        article.language = article.language or "en"
        article.url = r.url(article_data, "url", "article")
        article.published_on = r.date(article_data, "published_on", "article")
        existing = _same_article(article)
        if existing and not replace:
            r.problem(
                "article",
                f"this article is already on the site as “{existing}” ({existing.slug}); "
                "import with --replace (in the admin: “Replace the article”) to update it",
            )
        if existing:
            article.pk, article.slug = existing.pk, existing.slug
            article._state.adding = False
            article.created_at = existing.created_at
            if hasattr(existing, "version"):
                article.version = existing.version
            if services.is_public(existing) and not _editor(user):
                r.problem(
                    "article",
                    "readers see this article: only an editor can replace it (--as an editor)",
                )
        elif not article.slug:
            article.slug = _free_slug(Article, article.headline or "article", set())
        r.valid(article, "article", exclude=[] if article.slug else ["slug"])
    body = article.body

    claims_data = root.get("claims", [])
    if not isinstance(claims_data, list):
        r.problem("claims", "should be a list [...] of claims")
        claims_data = []
    plan = Plan(article, existing, [], {}, {}, {}, {})
    taken_slugs = set()
    for i, item in enumerate(claims_data):
        planned = _read_claim(r, plan, item, f"claims[{i}]", body, taken_slugs)
        if planned:
            plan.claims.append(planned)
        if progress and ((i + 1) % PROGRESS_EVERY == 0 or i + 1 == len(claims_data)):
            progress("Checking", i + 1, len(claims_data))
    if existing:
        _match_existing_claims(r, plan)
    _find_sources(r, plan)
    wanted = {p.claim.slug: p for p in plan.claims if p.existing is None and p.claim.slug}
    for slugs in batched(wanted, BATCH_SIZE):
        for slug in Claim.objects.filter(slug__in=slugs).values_list("slug", flat=True):
            r.problem(
                f"{wanted[slug].place}.slug", f"{_quoted(slug)} is used by a claim on the site"
            )
    if r.drafted:
        plan.messages.append(
            f"{r.drafted} claim(s) the file marks in review, published or not checkable arrive "
            f"in research: {user.get_username()} is not an editor, and a fact-checker's import "
            "brings drafts only (an editor publishes them after review)."
        )
    if r.problems:
        raise DeskFileError(r.problems)
    return plan


def _editor(user):
    return user is not None and services.may_change_public(user)


def _same_article(article):
    """The article already on the site that this one is: same URL, or same headline and date."""
    if article.url:
        found = Article.objects.filter(url=article.url).first()
        if found:
            return found
    if article.headline:
        return Article.objects.filter(
            headline=article.headline, published_on=article.published_on
        ).first()
    return None


def _free_slug(model, text, taken, *, all_taken=False):
    """A slug made of text that no row has, nor any slug in `taken` (with all_taken, `taken`
    holds every slug of the table, so the database is not asked)."""
    base = slugify(text)[:70].strip("-") or model._meta.model_name
    slug, n = base, 1
    while slug in taken or (not all_taken and model._default_manager.filter(slug=slug).exists()):
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _read_claim(r, plan, item, place, body, taken_slugs):
    data = r.mapping(item, place, CLAIM_KEYS, required=["quote"])
    if data is None:
        return None
    claim = Claim(article=plan.article)
    claim.quote = r.text(data, "quote", place)
    occurrence = data.get("occurrence")
    if occurrence is not None and (
        not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1
    ):
        r.problem(f"{place}.occurrence", f"{_quoted(occurrence)} is not a number from 1")
        occurrence = None
    claim.occurrence = occurrence
    if claim.quote and body:
        found = len(occurrences(body, claim.quote))
        try:
            claim.span_start, claim.span_end = locate_quote(body, claim.quote, occurrence)
        except QuoteNotFound:
            if not found:
                r.problem(f"{place}.quote", "not found in the article's body")
            elif occurrence is None:
                r.problem(place, f'the quote appears {found} times; say which with "occurrence"')
            else:
                r.problem(
                    f"{place}.occurrence",
                    f"the quote appears {'once' if found == 1 else f'{found} times'}; "
                    f"{occurrence} is not between 1 and {found}",
                )
        if found == 1 and occurrence == 1:
            claim.occurrence = None  # only kept when the quote repeats
    claim.claim_reviewed = r.text(data, "claim_reviewed", place)
    claim.claim_type = r.choice(data, "claim_type", place, Claim.Type.values)
    claim.conclusion = r.text(data, "conclusion", place)
    status = r.choice(data, "status", place, Claim.Status.values, Claim.Status.NEW)
    verdict = r.text(data, "verdict", place)
    if verdict:
        if verdict in r.verdicts:
            claim.verdict = r.verdicts[verdict]
        else:
            r.problem(
                f"{place}.verdict",
                f"{_quoted(verdict)} is not on the scale ({', '.join(r.verdicts)})",
            )
    claim.researcher = r.username(data, "researcher", place)
    published_at = r.moment(data, "published_at", place)
    slug = r.text(data, "slug", place)
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            r.problem(f"{place}.slug", f"{_quoted(slug)} is not a slug (letters, digits, -, _)")
        if slug in taken_slugs:
            r.problem(f"{place}.slug", f"{_quoted(slug)} is used by another claim in this file")
        taken_slugs.add(slug)
        claim.slug = slug
    if r.drafts_only and status not in (Claim.Status.NEW, Claim.Status.RESEARCHING):
        status = Claim.Status.RESEARCHING
        r.drafted += 1
    if status == Claim.Status.NOT_CHECKABLE and r.user is None:
        r.problem(
            f"{place}.status",
            "only an editor can mark a claim not checkable: import with --as an editor",
        )
    planned = PlannedClaim(claim, place, status == Claim.Status.PUBLISHED, None, status=status)
    # The status it is written with; publishing is decided when writing (services' rules).
    claim.status = Claim.Status.IN_REVIEW if planned.wants_published else status
    claim.published_at = published_at if planned.wants_published else None
    planned.claimant_key = _read_claimant(r, plan, data.get("claimant"), f"{place}.claimant")
    _read_notes(r, planned, data.get("notes", []), place)
    _read_sources(r, plan, planned, data.get("sources", []), place)
    exclude = ["article", "claimant", "verdict", "researcher", "reviewer", "slug"]
    if not (claim.quote and body) or claim.span_start is None:
        exclude += ["quote", "occurrence", "span_start", "span_end"]
    r.valid(claim, place, exclude=exclude, derived=["span_start", "span_end"])
    return planned


def _read_claimant(r, plan, value, place):
    if value is None:
        return None
    data = r.mapping(value, place, CLAIMANT_KEYS, required=["name"])
    if data is None:
        return None
    slug, name = r.text(data, "slug", place), r.text(data, "name", place)
    claimant = Claimant(
        name=name,
        kind=r.choice(data, "kind", place, Claimant.Kind.values, Claimant.Kind.PERSON),
        role=r.text(data, "role", place),
        url=r.url(data, "url", place),
    )
    if (slug, name.casefold()) not in r.claimants:
        found = []
        if slug:
            found = list(Claimant.objects.filter(slug=slug))
        if not found and name:
            found = list(Claimant.objects.filter(name__iexact=name)[:2])
        r.claimants[slug, name.casefold()] = found
    found = r.claimants[slug, name.casefold()]
    if len(found) > 1:
        r.problem(place, f"two claimants are named {_quoted(name)}; say which with its slug")
        return None
    if found:
        if found[0].pk not in plan.reused_claimants:
            _kept(plan, place, found[0], claimant, data, ["name", "kind", "role", "url"])
        plan.reused_claimants[found[0].pk] = found[0]
        return found[0]
    key = slug or name.casefold()
    if key in plan.new_claimants:
        return key
    claimant.slug = slug or _free_slug(
        Claimant, name, {c.slug for c in plan.new_claimants.values()}
    )
    r.valid(claimant, place)
    plan.new_claimants[key] = claimant
    return key


def _read_notes(r, planned, value, place):
    if not isinstance(value, list):
        r.problem(f"{place}.notes", "should be a list [...] of notes")
        return
    for j, item in enumerate(value):
        where = f"{place}.notes[{j}]"
        data = r.mapping(item, where, NOTE_KEYS, required=["body"])
        if data is None:
            continue
        note = ReviewNote(
            body=r.text(data, "body", where),
            visibility=r.choice(
                data, "visibility", where, ReviewNote.Visibility.values, "internal"
            ),
            author=r.username(data, "author", where),
        )
        r.valid(note, where, exclude=["claim", "author"])
        planned.notes.append(note)


def _read_sources(r, plan, planned, value, place):
    if not isinstance(value, list):
        r.problem(f"{place}.sources", "should be a list [...] of sources")
        return
    seen = {}
    for j, item in enumerate(value):
        where = f"{place}.sources[{j}]"
        data = r.mapping(item, where, SOURCE_KEYS, required=["url", "stance"])
        if data is None:
            continue
        url = r.url(data, "url", where)
        evidence = Evidence(
            stance=r.choice(data, "stance", where, Evidence.Stance.values),
            excerpt=r.text(data, "excerpt", where),
            note=r.text(data, "note", where),
            order=j + 1,
        )
        source = Source(
            url=url,
            title=r.text(data, "title", where),
            publisher=r.text(data, "publisher", where),
            source_type=r.choice(data, "source_type", where, Source.Type.values, "news"),
            published_on=r.date(data, "published_on", where),
            archive_url=r.url(data, "archive_url", where),
            accessed_on=r.date(data, "accessed_on", where),
        )
        r.valid(evidence, where, exclude=["claim", "source"])
        if not url:
            continue
        if url in seen:
            r.problem(f"{where}.url", f"already listed at {seen[url]}")
            continue
        seen[url] = where
        # Looked up on the site in batches once the whole file is read (_find_sources).
        plan.new_sources.setdefault(url, (source, where, data))
        planned.evidence.append((url, evidence))


def _find_sources(r, plan):
    """Sources are matched by URL: the site's own is reused (and kept as it is), the others
    are checked against the model's rules and created."""
    read = plan.new_sources
    plan.new_sources = {}
    for urls in batched(read, BATCH_SIZE):
        for found in Source.objects.filter(url__in=urls):
            plan.reused_sources[found.url] = found
    fields = ["title", "publisher", "source_type", "published_on", "archive_url", "accessed_on"]
    for url, (source, where, data) in read.items():
        found = plan.reused_sources.get(url)
        if found is None:
            r.valid(source, where)
            plan.new_sources[url] = source
        else:
            _kept(plan, where, found, source, data, fields)


def _kept(plan, place, found, read, data, fields):
    """A source or claimant already on the site is reused as it is, not changed by a file (it
    may back other articles' claims): say so when the file describes it otherwise."""
    differ = [
        f for f in fields if data.get(f) not in (None, "") and getattr(read, f) != getattr(found, f)
    ]
    if differ:
        kind = type(found)._meta.verbose_name
        plan.messages.append(
            f"{place}: the {kind} “{found}” is already on the site with another "
            f"{', '.join(differ)}; the site's is kept (change it in the admin)."
        )


def _match_existing_claims(r, plan):
    """--replace: each claim of the file updates the article's claim with its slug (or its quote
    and occurrence); published verdicts and conclusions change only through a correction."""
    existing = {c.slug: c for c in plan.existing.claims.select_related("verdict")}
    by_quote = {(c.quote, c.occurrence): c for c in existing.values()}
    matched = set()
    for planned in plan.claims:
        claim = planned.claim
        old = existing.get(claim.slug) or (
            None if claim.slug else by_quote.get((claim.quote, claim.occurrence))
        )
        if old is None:
            continue
        matched.add(old.pk)
        planned.existing = old
        claim.pk, claim.slug, claim.created_at = old.pk, old.slug, old.created_at
        claim._state.adding = False
        claim.version = old.version
        if old.is_published:
            if not planned.wants_published:
                r.problem(
                    f"{planned.place}.status", "it is published; an import cannot unpublish it"
                )
            if claim.verdict_id != old.verdict_id:
                r.problem(
                    f"{planned.place}.verdict",
                    f"the published verdict is {_quoted(old.verdict.slug)}; changing it needs "
                    "a correction, not an import",
                )
            if claim.conclusion != old.conclusion:
                r.problem(
                    f"{planned.place}.conclusion",
                    "the published conclusion changes only through a correction, not an import",
                )
            if not _editor(r.user):
                r.problem(
                    planned.place,
                    "readers see this claim: only an editor can replace it (--as an editor)",
                )
    for old in existing.values():
        if old.pk not in matched:
            r.problem(
                "claims",
                f"the site's claim {old.slug} is not in the file; --replace does not delete "
                "claims (delete it in the admin, or keep it in the file)",
            )


@transaction.atomic
def import_desk_file(
    data, *, user=None, replace=False, dry_run=False, name="desk file", progress=None
):
    """Import a parsed desk file: everything in one transaction, or nothing (DeskFileError).
    With dry_run, the same writes are made and rolled back. Returns the Plan with `messages`.

    New rows are inserted in batches of BATCH_SIZE with their history rows
    (bulk_create_with_history), then the published counters are recounted; claims already on
    the site (--replace) are saved one by one. progress(step, done, total) is called as claims
    are checked, then written."""
    plan = read_desk_file(data, user=user, replace=replace, progress=progress)
    who = f" by {user.get_username()}" if user else ""
    reason = f"Imported from {name}{who}"
    bulk = functools.partial(
        bulk_create_with_history, batch_size=BATCH_SIZE, default_change_reason=reason
    )
    bulk(list(plan.new_claimants.values()), Claimant, default_user=user)
    bulk(list(plan.new_sources.values()), Source, default_user=user)
    article = plan.article
    if plan.existing is not None and hasattr(plan.existing, "version"):
        article.version = plan.existing.version + 1  # an editor's open form sees the change
    article._change_reason, article._history_user = reason, user
    article.save()
    # Every slug of the site, and those the file gives its claims: the others are made free of them.
    taken = set(Claim.objects.values_list("slug", flat=True))
    taken |= {planned.claim.slug for planned in plan.claims if planned.claim.slug}
    sources = {**plan.new_sources, **plan.reused_sources}
    for planned in plan.claims:
        planned.claim.article = article
        key = planned.claimant_key
        planned.claim.claimant = plan.new_claimants[key] if isinstance(key, str) else key
        if not planned.claim.slug:
            text = planned.claim.claim_reviewed or planned.claim.quote
            planned.claim.slug = _free_slug(Claim, text, taken, all_taken=True)
    written = 0

    def report(n):
        nonlocal written
        written += n
        if progress and (written % PROGRESS_EVERY < n or written == len(plan.claims)):
            progress("Writing", written, len(plan.claims))

    for planned in plan.claims:
        if planned.existing is not None:
            _update_claim(plan, planned, user, reason, sources)
            report(1)
    new = [planned for planned in plan.claims if planned.existing is None]
    for chunk in batched(new, BATCH_SIZE):
        _insert_claims(plan, chunk, user, bulk, sources)
        report(len(chunk))
    # Bulk inserts skip the signals that keep the published counters (claims/public_counts.py).
    recount_published_claims(Article, [article.pk])
    recount_published_claims(Claimant, [c.pk for c in plan.new_claimants.values()])
    recount_published_claims(Claimant, list(plan.reused_claimants))
    recount_published_claims(Verdict, [v.pk for v in Verdict.objects.all()])
    if dry_run:
        transaction.set_rollback(True)
    return plan


def _publish_or_review(plan, planned, user, *, new):
    """For a claim the file marks published: publish it if this user may (services' rules, the
    file's date kept), or leave it in review and say why."""
    claim = planned.claim
    if user is None:
        problems = ["no editor was named with --as to publish it"]
    else:
        has_evidence = bool(planned.evidence) if new else None
        problems = services.publish_problems(claim, user, new=new, has_evidence=has_evidence)
    if problems:
        plan.messages.append(
            f"{planned.place} ({claim.slug}) arrives in review, not published: "
            f"{'; '.join(problems)}."
        )
        claim.published_at = None
        return
    claim.status = Claim.Status.PUBLISHED
    claim.reviewer = user
    claim.published_at = claim.published_at or timezone.now()


def _insert_claims(plan, chunk, user, bulk, sources):
    """New claims with their evidence and notes, a few queries per batch. Their history rows
    name no user: the two-person rule then counts the researcher the file names, not the
    importer (claims/research.py)."""
    for planned in chunk:
        if planned.wants_published:
            _publish_or_review(plan, planned, user, new=True)
    claims = bulk([planned.claim for planned in chunk], Claim, default_user=None)
    evidence, notes = [], []
    for planned, claim in zip(chunk, claims, strict=True):
        for url, each in planned.evidence:
            each.claim, each.source = claim, sources[url]
            evidence.append(each)
        for note in planned.notes:
            note.claim = claim
            notes.append(note)
    bulk(evidence, Evidence, default_user=None)
    bulk(notes, ReviewNote, default_user=None)


def _update_claim(plan, planned, user, reason, sources):
    """--replace: a claim already on the site takes the file's text, evidence and notes; the
    workflow moves it on the site, not the file, so only publishing is asked for."""
    claim, old = planned.claim, planned.existing
    publish = planned.wants_published and not old.is_published
    file_published_at = claim.published_at
    claim.status = Claim.Status.IN_REVIEW if publish else old.status
    claim.reviewer, claim.published_at = old.reviewer, old.published_at
    claim.version = old.version + 1
    if not publish and claim.status != planned.status:
        plan.messages.append(
            f"{planned.place} ({claim.slug}) stays {old.get_status_display().lower()}: "
            "an import does not move a claim on the site through the workflow."
        )
    # Saved first without a history row, so the publish rules can read its evidence; its one
    # history row is written once its final status is known.
    claim.save_without_historical_record()

    def write(row, delete=False):
        row._change_reason, row._history_user = reason, None
        row.delete() if delete else row.save()

    for dropped in old.evidence.exclude(source__url__in=[url for url, _ in planned.evidence]):
        write(dropped, delete=True)
    previous = {e.source_id: e for e in old.evidence.all()}
    for url, evidence in planned.evidence:
        evidence.claim, evidence.source = claim, sources[url]
        if evidence.source.pk in previous:
            evidence.pk, evidence._state.adding = previous[evidence.source.pk].pk, False
            evidence.version = previous[evidence.source.pk].version + 1
        write(evidence)
    # The file's notes are the claim's notes: those it still has stay as they are (author and
    # date), those it lost are deleted, its new ones added.
    kept = {}
    for note in old.notes.all():
        kept.setdefault((note.body, note.visibility), []).append(note)
    for note in planned.notes:
        if kept.get((note.body, note.visibility)):
            kept[note.body, note.visibility].pop(0)
            continue
        note.claim = claim
        write(note)
    for notes in kept.values():
        for note in notes:
            write(note, delete=True)
    if publish:
        claim.published_at = file_published_at
        _publish_or_review(plan, planned, user, new=False)
    claim._change_reason, claim._history_user = reason, None
    claim.save()


def status_counts(plan):
    """{status label: how many claims the import writes with it}, in order of appearance."""
    statuses = {}
    for planned in plan.claims:
        label = planned.claim.get_status_display().lower()
        statuses[label] = statuses.get(label, 0) + 1
    return statuses


def summary(plan, *, dry_run=False):
    """What the import wrote (or, with dry_run, would write), in lines for the command's output."""
    statuses = status_counts(plan)
    by_status = ", ".join(f"{n} {label}" for label, n in statuses.items()) or "none"
    done = "updated" if plan.existing else "created"
    lines = [
        f"Article “{plan.article.headline}” ({plan.article.slug}): "
        f"{'would be ' if dry_run else ''}{done}.",
        f"Claims: {len(plan.claims)} ({by_status}).",
        f"Sources: {len(plan.new_sources)} new, {len(plan.reused_sources)} already on the site.",
        f"Claimants: {len(plan.new_claimants)} new, "
        f"{len(plan.reused_claimants)} already on the site.",
    ]
    return lines + plan.messages


def export_article(article):
    """The article and its claims as a desk file (a dict in the format's key order)."""
    claims = (
        article.claims.select_related("claimant", "verdict", "researcher")
        .prefetch_related("notes__author", "evidence__source")
        .order_by("span_start", "span_end", "slug")
    )
    return {
        "article": {
            "slug": article.slug,
            "headline": article.headline,
            "outlet": article.outlet,
            "url": article.url,
            "published_on": _iso(article.published_on),
            "language": article.language,
            "body": article.body,
        },
        "claims": [_export_claim(claim) for claim in claims],
    }


def _iso(value):
    return value.isoformat() if value else None


def _export_claim(claim):
    claimant = claim.claimant
    return {
        "slug": claim.slug,
        "quote": claim.quote,
        "occurrence": claim.occurrence,
        "claimant": claimant
        and {
            "slug": claimant.slug,
            "name": claimant.name,
            "kind": claimant.kind,
            "role": claimant.role,
            "url": claimant.url,
        },
        "claim_reviewed": claim.claim_reviewed,
        "claim_type": claim.claim_type,
        "status": claim.status,
        "verdict": claim.verdict.slug if claim.verdict else None,
        "conclusion": claim.conclusion,
        "researcher": claim.researcher.get_username() if claim.researcher else None,
        "published_at": _moment(claim.published_at),
        "notes": [
            {
                "body": note.body,
                "visibility": note.visibility,
                "author": note.author.get_username() if note.author else None,
            }
            for note in sorted(claim.notes.all(), key=lambda n: (n.created_at, n.pk))
        ],
        "sources": [
            {
                "url": e.source.url,
                "title": e.source.title,
                "publisher": e.source.publisher,
                "source_type": e.source.source_type,
                "published_on": _iso(e.source.published_on),
                "archive_url": e.source.archive_url,
                "accessed_on": _iso(e.source.accessed_on),
                "stance": e.stance,
                "excerpt": e.excerpt,
                "note": e.note,
            }
            for e in sorted(claim.evidence.all(), key=lambda e: (e.order, e.source.url))
        ],
    }


def _moment(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def dumps(desk_file):
    """The desk file as text: stable, readable, and the same bytes for the same data."""
    return json.dumps(desk_file, ensure_ascii=False, indent=2) + "\n"


def decode(raw):
    """A desk file's bytes as text: UTF-8, with or without the byte-order mark some spreadsheet
    programs write; DeskFileError saying where the first undecodable byte is."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeskFileError(
            [
                f"byte {exc.start + 1}: the file is not UTF-8 text ({exc.reason}); save it "
                "again as UTF-8 (JSON files are)"
            ]
        ) from exc


def loads(text):
    """Parse a desk file's text; DeskFileError with the line and column of a JSON mistake."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeskFileError(
            [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from exc
    except ValueError as exc:  # a number of more than 4,300 digits
        raise DeskFileError([f"not a desk file: {exc}"]) from exc
    except RecursionError as exc:
        raise DeskFileError(["not a desk file: its lists and objects nest too deeply"]) from exc
