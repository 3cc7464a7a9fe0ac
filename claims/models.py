from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.integrity import (
    INTEGER_MAX,
    SMALLINT_MAX,
    at_most_constraint,
    validate_web_url,
    web_url_constraint,
)
from claims.quotes import QuoteNotFound, locate_quote, normalise_newlines
from claims.slug_urls import slug_url


class PublicQuerySet(models.QuerySet):
    """Articles and claimants: readers see those with at least one published claim."""

    def public(self):
        # The stored counter (claims/public_counts.py), not a count over every claim.
        return self.filter(published_claims__gt=0)


class Versioned(models.Model):
    """A model editors change: the admin form carries the version it was opened at, so a save
    over a colleague's newer edit is refused (claims/admin/versions.py)."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every admin save and workflow step, so two editors cannot "
        "overwrite each other.",
    )

    class Meta:
        abstract = True


class SlugManager(models.Manager.from_queryset(PublicQuerySet)):
    """Fixtures refer to rows by slug, so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(Versioned):
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The article's permanent web address on this site."
    )
    headline = models.CharField(max_length=300, help_text="The headline exactly as published.")
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Who published the article, e.g. a newspaper."
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="Where the article was published, if online.",
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="The date the outlet published the article."
    )
    language = models.CharField(
        max_length=10, default="en", help_text="Language code of the text, e.g. en, fr, it."
    )
    body = models.TextField(
        help_text=(
            "The full text, verbatim, headline line included. Claims quote it exactly, so "
            "editing it may move or break their quotes."
        )
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_claims = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many of its claims are published (kept up to date automatically).",
    )

    objects = SlugManager()
    history = HistoricalRecords(excluded_fields=["published_claims"])

    class Meta:
        ordering = ["-published_on", "headline"]
        constraints = [
            web_url_constraint("article", "url"),
            at_most_constraint("article", "published_claims", INTEGER_MAX),
            at_most_constraint("article", "version", INTEGER_MAX),
        ]
        indexes = [
            # Article.objects.public().order_by("-published_on", "-pk"): /articles/ and the home
            # page's latest articles; also the claim list's article choices, and the count of
            # public articles (/articles/, the sitemap index). Partial, so that its condition
            # is the pages' own filter and their count reads the index alone (counting the
            # table read every article's text). published_claims is in it too: SQLite checks
            # the filter's `published_claims > %s` (a bound parameter, which it does not take
            # as implied by the condition) on every row it reads, and in the table that
            # column comes after the article's text, so each check read the text.
            models.Index(
                fields=["-published_on", "-id", "published_claims"],
                name="article_public_latest_idx",
                condition=Q(published_claims__gt=0),
            ),
            # The admin's article list (ArticleAdmin.ordering) and its autocomplete.
            models.Index(fields=["-published_on", "-id"], name="article_latest_idx"),
            # Article.objects.public().order_by("-updated_at"): the sitemap index's lastmod of
            # the articles section (claims/sitemaps.py), one entry read, not every article.
            models.Index(
                fields=["updated_at"],
                name="article_public_updated_idx",
                condition=Q(published_claims__gt=0),
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return slug_url("claims:article_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        # Verbatim, whatever line ends the browser sent (claims quote it character by character).
        self.body = normalise_newlines(self.body)


class Claimant(Versioned):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        PUBLICATION = "publication", "Publication"

    slug = models.SlugField(
        max_length=80, unique=True, help_text="The claimant's permanent web address on this site."
    )
    name = models.CharField(max_length=200, help_text="Name as readers know it.")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.PERSON,
        help_text="A person, an organisation or a publication.",
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='Role at the time of the claim, e.g. "President of France".',
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="An official page, if any.",
    )
    published_claims = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many of its claims are published (kept up to date automatically).",
    )

    objects = SlugManager()
    history = HistoricalRecords(excluded_fields=["published_claims"])

    class Meta:
        ordering = ["name"]
        constraints = [
            web_url_constraint("claimant", "url"),
            at_most_constraint("claimant", "published_claims", INTEGER_MAX),
            at_most_constraint("claimant", "version", INTEGER_MAX),
        ]
        indexes = [
            # Claimant.objects.public().order_by("name", "pk"): /claimants/. Partial, so that
            # its condition is the page's own filter and its order the page's.
            models.Index(
                fields=["name", "id"],
                name="claimant_public_name_idx",
                condition=Q(published_claims__gt=0),
            ),
            # The admin's claimant list (ClaimantAdmin.ordering) and its autocomplete.
            models.Index(fields=["name", "id"], name="claimant_name_idx"),
            # The claim list's claimant choices: the most-checked claimants first.
            models.Index(
                fields=["-published_claims", "name"],
                name="claimant_public_most_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("claims:claimant_detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class VerdictQuerySet(PublicQuerySet):
    def tally(self):
        """[(verdict, published claims)] in scale order, from the stored counters: one query."""
        return [(verdict, verdict.published_claims) for verdict in self.public()]


class Verdict(Versioned):
    class Colour(models.TextChoices):
        # Colours are CSS classes from the project's palette (no inline styles under the CSP);
        # each has a text label beside it, so colour is never the only signal.
        GREEN = "green", "Green"
        LIME = "lime", "Lime"
        YELLOW = "yellow", "Yellow"
        ORANGE = "orange", "Orange"
        RED = "red", "Red"
        PURPLE = "purple", "Purple"
        GREY = "grey", "Grey"

    slug = models.SlugField(
        max_length=40, unique=True, help_text="Used in web addresses and filters, e.g. mostly-true."
    )
    label = models.CharField(
        max_length=60, unique=True, help_text="Shown to readers, e.g. “Mostly true”."
    )
    definition = models.TextField(
        help_text="What this verdict means; shown on the methodology page."
    )
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="5 (true) to 1 (false) on the rating scale; empty for off-scale verdicts "
        "such as “Misleading” or “Unproven”.",
    )
    colour = models.CharField(
        max_length=10,
        choices=Colour,
        default=Colour.GREY,
        help_text="The badge colour on public pages; the label is always shown beside it.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position on the scale and in lists; lower comes first."
    )
    published_claims = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many of its claims are published (kept up to date automatically).",
    )

    objects = SlugManager.from_queryset(VerdictQuerySet)()
    history = HistoricalRecords(excluded_fields=["published_claims"])

    class Meta:
        ordering = ["order", "label"]
        constraints = [
            at_most_constraint("verdict", "version", INTEGER_MAX),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="verdict_score_1_to_5",
                violation_error_message="The score must be between 1 and 5, or empty.",
            ),
            at_most_constraint("verdict", "order", SMALLINT_MAX),
            at_most_constraint("verdict", "published_claims", INTEGER_MAX),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("claims:methodology") + f"#verdict-{self.slug}"

    def natural_key(self):
        return (self.slug,)


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """The public scope: every public page, feed, API and export starts here."""
        return self.filter(status=Claim.Status.PUBLISHED)

    def in_progress(self):
        """Claims the desk is still working on."""
        return self.filter(status__in=Claim.IN_PROGRESS)

    def for_list(self):
        return self.select_related("article", "claimant", "verdict")

    def verdict_tally(self):
        """[(verdict, count)] in scale order; verdicts no claim has are left out. Two queries."""
        counts = dict(
            self.order_by()
            .values_list("verdict")
            .annotate(n=Count("pk"))
            .values_list("verdict", "n")
        )
        return [(v, counts[v.pk]) for v in Verdict.objects.all() if v.pk in counts]


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Claim(Versioned):
    class Status(models.TextChoices):
        NEW = "new", "New"
        RESEARCHING = "researching", "Researching"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        NOT_CHECKABLE = "not_checkable", "Not checkable"

    class Type(models.TextChoices):
        NUMBER = "number", "Number"
        QUOTE = "quote", "Quote"
        ATTRIBUTION = "attribution", "Attribution"
        TITLE_ROLE = "title/role", "Title or role"
        EVENT = "event", "Event"
        CHARACTERISATION = "characterisation", "Characterisation"

    # Not yet published nor set aside: the desk's open work.
    IN_PROGRESS = (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW)
    # The desk's order of work: open work first, the step it waits for first. One number per
    # status, so a status filter is also a filter on the stored work_order below.
    WORK_ORDER = {
        Status.IN_REVIEW: 0,
        Status.RESEARCHING: 1,
        Status.NEW: 2,
        Status.PUBLISHED: 3,
        Status.NOT_CHECKABLE: 4,
    }

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The claim's permanent web address; do not change it once published.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The article the quote comes from.",
    )
    quote = models.TextField(
        help_text="Paste the claim exactly as it appears in the article text, punctuation included."
    )
    occurrence = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Only when the quote appears more than once in the article: which appearance "
        "is meant (1 for the first).",
    )
    span_start = models.PositiveIntegerField(
        editable=False, help_text="Where the quote starts in the article text (computed)."
    )
    span_end = models.PositiveIntegerField(
        editable=False, help_text="Where the quote ends in the article text (computed)."
    )
    claim_reviewed = models.CharField(
        "claim reviewed",
        max_length=300,
        blank=True,
        help_text="A short, neutral restatement of what is claimed (ClaimReview's claimReviewed).",
    )
    claimant = models.ForeignKey(
        Claimant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Who made the claim. Leave empty when it is the article's own statement.",
    )
    claim_type = models.CharField(
        max_length=20,
        choices=Type,
        blank=True,
        help_text="What kind of statement is checked, if the desk has said.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.NEW,
        help_text="Where the claim is in the workflow; changed with the buttons at the top.",
    )
    verdict = models.ForeignKey(
        Verdict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Required before publishing.",
    )
    conclusion = models.TextField(
        blank=True, help_text="Public: one to three sentences explaining the verdict to readers."
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="researched_claims",
        help_text="The fact-checker assigned to research it. Who actually researched it (and so "
        "may not publish it) is read from its history.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_claims",
        help_text="The editor who reviews it; never the researcher.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The desk's order of work (WORK_ORDER), derived from the status by the database itself, so
    # that every route that writes a status (a save, QuerySet.update(), bulk_create, loaddata,
    # raw SQL) keeps it right; stored, so the admin changelist's order is read from an index.
    work_order = models.GeneratedField(
        expression=Case(
            *[When(status=status, then=Value(n)) for status, n in WORK_ORDER.items()],
            default=Value(len(WORK_ORDER)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name="work order",
        help_text="Open work first: waiting for review, then research, then new; then the "
        "published claims, then those set aside (computed from the status).",
    )
    objects = ClaimManager()
    history = HistoricalRecords()

    class Meta:
        # By id, not by the article's own ordering, which would join the article table.
        ordering = ["article_id", "span_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(span_end__gt=F("span_start")),
                name="claim_span_end_after_start",
                violation_error_message="The quote's end must come after its start.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(verdict__isnull=False, published_at__isnull=False),
                name="claim_published_has_verdict",
                violation_error_message="A published claim needs a verdict and a publication date.",
            ),
            models.CheckConstraint(
                condition=Q(occurrence__isnull=True) | Q(occurrence__gte=1),
                name="claim_occurrence_positive",
                violation_error_message="The occurrence counts from 1.",
            ),
            at_most_constraint("claim", "occurrence", SMALLINT_MAX),
            at_most_constraint("claim", "span_start", INTEGER_MAX),
            at_most_constraint("claim", "span_end", INTEGER_MAX),
            at_most_constraint("claim", "version", INTEGER_MAX),
        ]
        permissions = [
            ("publish_claim", "Can review, publish, send back and mark claims not checkable"),
            ("correct_claim", "Can correct published claims"),
        ]
        # Each public list is published claims in publication order (newest or oldest first,
        # by id among equals), narrowed by at most one of these columns; with the column first
        # and the order after it, a page reads its 20 rows from the index without sorting.
        indexes = [
            # /claims/ (newest and oldest first), the home page's latest verdicts, the feeds.
            models.Index(fields=["status", "published_at", "id"], name="claim_published_idx"),
            # /claims/?verdict=…, and recounting a verdict's published claims.
            models.Index(
                fields=["verdict", "status", "published_at", "id"], name="claim_verdict_pub_idx"
            ),
            # /claims/?claimant=…, the claimant page (its list and its tally).
            models.Index(
                fields=["claimant", "status", "published_at", "id"],
                name="claim_claimant_pub_idx",
            ),
            # /claims/?article=…
            models.Index(
                fields=["article", "status", "published_at", "id"], name="claim_article_pub_idx"
            ),
            # /claims/?claim_type=…
            models.Index(
                fields=["claim_type", "status", "published_at", "id"], name="claim_type_pub_idx"
            ),
            # The admin claim changelist's order (ClaimAdmin.ordering: open work first, latest
            # first), so any of its pages reads its rows from the index instead of sorting
            # every claim; also its status filter (WorkStatusListFilter: work_order = n).
            models.Index(fields=["work_order", "-updated_at", "-id"], name="claim_desk_work_idx"),
            # The admin claim changelist sorted by its claim or updated column, either way round
            # (ClaimChangeList.get_ordering: the column, then id the same way; sorted by status,
            # it reads claim_desk_work_idx).
            models.Index(fields=["claim_reviewed", "id"], name="claim_desk_summary_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_desk_updated_idx"),
            # Claim.objects.published().order_by("-updated_at"): the sitemap index's lastmod of
            # each section (claims/sitemaps.py), one entry read, not every published claim.
            models.Index(fields=["status", "updated_at"], name="claim_updated_idx"),
        ]

    def __str__(self):
        return self.claim_reviewed or self.quote[:80]

    def get_absolute_url(self):
        return slug_url("claims:claim_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["claims.article", "claims.claimant", "claims.verdict"]

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def locate(self):
        """Set span_start/span_end from the quote, raising ValidationError on the quote field."""
        try:
            self.span_start, self.span_end = locate_quote(
                self.article.body, self.quote, self.occurrence
            )
        except QuoteNotFound as exc:
            raise ValidationError({exc.field: exc.message}) from exc

    def clean(self):
        self.quote = normalise_newlines(self.quote)
        if self.article_id is not None and self.quote:
            self.locate()


class SourceManager(models.Manager):
    def get_by_natural_key(self, url):
        return self.get(url=url)


class Source(Versioned):
    class Type(models.TextChoices):
        PRIMARY = "primary", "Primary / official statement"
        GOVERNMENT = "government", "Government"
        NEWS_AGENCY = "news_agency", "News agency"
        NEWS = "news", "News"
        ACADEMIC = "academic", "Academic"
        DATASET = "dataset", "Dataset"
        SOCIAL = "social", "Social media"

    url = models.URLField(
        "URL",
        max_length=500,
        unique=True,
        validators=[validate_web_url],
        help_text="The source's address; one source can back many claims.",
    )
    title = models.CharField(
        max_length=400,
        help_text="Title as published, shown to readers. Notes about it go in Title note.",
    )
    title_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="For the desk only, never shown to readers: where the title came from, e.g. "
        "“title from URL” when the page itself could not be read.",
    )
    publisher = models.CharField(max_length=200, blank=True, help_text="Who published it.")
    source_type = models.CharField(
        max_length=20, choices=Type, default=Type.NEWS, help_text="What kind of source this is."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="When the source was published, if known."
    )
    archive_url = models.URLField(
        "archive URL",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="An archived copy, in case the original changes or disappears.",
    )
    accessed_on = models.DateField(null=True, blank=True, help_text="When the desk last read it.")

    objects = SourceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["publisher", "title"]
        indexes = [
            # The admin's source list (SourceAdmin.ordering: publisher, title, pk).
            models.Index(fields=["publisher", "title", "id"], name="source_publisher_title_idx"),
        ]
        constraints = [
            at_most_constraint("source", "version", INTEGER_MAX),
            web_url_constraint("source", "url"),
            web_url_constraint("source", "archive_url"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def natural_key(self):
        return (self.url,)


class EvidenceManager(models.Manager):
    def get_by_natural_key(self, claim_slug, source_url):
        return self.get(claim__slug=claim_slug, source__url=source_url)


class Evidence(Versioned):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports the claim"
        CONTRADICTS = "contradicts", "Contradicts the claim"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(
        max_length=20, choices=Stance, help_text="What the source says about this claim."
    )
    excerpt = models.TextField(
        blank=True, help_text="A short passage quoted verbatim from the source."
    )
    note = models.TextField(blank=True, help_text="Public: what this source shows for this claim.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position among the claim's sources; lower comes first."
    )

    objects = EvidenceManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["order", "pk"]
        constraints = [
            at_most_constraint("evidence", "version", INTEGER_MAX),
            models.UniqueConstraint(
                fields=["claim", "source"],
                name="evidence_one_per_claim_and_source",
                violation_error_message="This source is already attached to this claim.",
            ),
            at_most_constraint("evidence", "order", SMALLINT_MAX),
        ]

    def __str__(self):
        return f"{self.get_stance_display()}: {self.source}"

    def natural_key(self):
        return self.claim.natural_key() + self.source.natural_key()

    natural_key.dependencies = ["claims.claim", "claims.source"]


class ReviewNoteQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=ReviewNote.Visibility.PUBLIC)


class ReviewNote(Versioned):
    class Visibility(models.TextChoices):
        INTERNAL = "internal", "Internal (desk only)"
        PUBLIC = "public", "Public"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(help_text="The note itself.")
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.INTERNAL,
        help_text="Internal notes never appear on public pages, feeds, the API or exports.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewNoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [at_most_constraint("reviewnote", "version", INTEGER_MAX)]

    def __str__(self):
        return f"{self.get_visibility_display()} note on {self.claim}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections of published claims: what /corrections/ and its feeds show.

        Read from each correction's own `public` flag, kept true to its claim's status by every
        save (claims/public_counts.py), so a page and its capped count come from
        correction_public_latest_idx alone. Joined to their claims, PostgreSQL hashed every
        published claim to find a deep page (260 ms of SQL at 100,000 claims); looked up by key,
        each correction before the page probed its claim (2,000 probes on page 100, docs/perf.md).
        """
        return self.filter(public=True)


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        CLARIFICATION = "clarification", "Clarification"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.CORRECTION,
        help_text="A correction fixes an error; an update adds new facts; a clarification rewords.",
    )
    text = models.TextField(help_text="Public: what changed and why.")
    previous_verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whether readers see it: its claim is published. Set on every save of the correction and of
    # its claim, whatever the route (claims/public_counts.py); never typed in.
    public = models.BooleanField(default=False, editable=False)

    objects = CorrectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # /corrections/: newest first (order_by("-created_at", "-pk")).
            models.Index(fields=["created_at", "id"], name="correction_latest_idx"),
            # /corrections/ and its feeds: the public ones, newest first, and their capped count
            # (Correction.objects.public().order_by("-created_at", "-pk")).
            models.Index(
                fields=["created_at", "id"],
                name="correction_public_latest_idx",
                condition=models.Q(public=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.claim} on {self.created_at:%Y-%m-%d}"


class AboutSectionManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class AboutSection(Versioned):
    """One section of the public About page (/about/): who runs the desk, funding, contact, the
    corrections policy, how claims are chosen. Editors write it in the admin."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The section's anchor on the About page, e.g. “corrections-policy” for "
        "/about/#corrections-policy.",
    )
    heading = models.CharField(max_length=120, help_text="The section's heading, for readers.")
    body = models.TextField(
        help_text="Plain text for readers. A blank line starts a new paragraph; web and email "
        "addresses become links."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are shown from the lowest number to the highest."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AboutSectionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            at_most_constraint("aboutsection", "order", SMALLINT_MAX),
            at_most_constraint("aboutsection", "version", INTEGER_MAX),
        ]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return f"{reverse('claims:about')}#{self.slug}"

    def natural_key(self):
        return (self.slug,)


class PublicStamp(models.Model):
    """One row: when what readers see last changed. Every public page's ETag, Last-Modified and
    page-cache key come from it (claims/public_cache.py), so changing it makes every cached page
    stale at once, on every app server; it changes after each commit that writes public data."""

    token = models.CharField(max_length=32, help_text="Random, new at every change.")
    changed_at = models.DateTimeField(help_text="Whole seconds, always later than the last one.")

    def __str__(self):
        return f"Public data changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"


class ClaimSearchEntry(models.Model):
    """What the search reads for one claim (claims/search.py): on PostgreSQL a weighted,
    GIN-indexed tsvector; on SQLite an FTS5 row with the four texts. Database triggers write it
    on every change of a claim or of a claimant's name; Django only joins it to search."""

    # FTS5 keys its rows by rowid; the PostgreSQL table names its key the same way.
    claim = models.OneToOneField(
        Claim,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    document = SearchVectorField()  # PostgreSQL only

    class Meta:
        managed = False
        db_table = "claims_claimsearch"
        default_permissions = ()

    def __str__(self):
        return f"Search entry of claim {self.claim_id}"
