"""The realistic mistakes `make mutants` makes, one at a time (see tools/mutants.py).

Each Mutation names the bug as a reader or an editor would notice it, the file, and one or more
(original text, replacement) edits; every original text must occur exactly once in its file, so
write enough of the line to make it unique. `tests` lists the tests most likely to kill it: they
run first, to save time; the whole fast suite runs only when they all pass. When the code changes
and an original text is gone, the runner reports the mutation as STALE: rewrite it against the
new code (the bug is usually still possible) or drop it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    edits: tuple  # ((original, replacement), ...)
    tests: tuple = ()


def m(name, path, original, replacement, *tests):
    return Mutation(name, path, ((original, replacement),), tests)


SERVICES = "claims/services.py"
WORKFLOW_TESTS = ("tests/test_workflow.py", "tests/test_admin_workflow.py")
HIGHLIGHT = "claims/highlight.py"
ADMIN_CLAIM = "claims/admin/claim.py"
STEP_TESTS = "tests/test_step_buttons.py"
ADMIN_DESK = "claims/admin/desk.py"
SETTINGS = "claimtracker/settings.py"
ESCAPING = "tests/test_escaping.py"
PUBLIC = ("tests/test_public_pages.py", "tests/test_claim_list.py", "tests/test_corrections.py")
SECURITY = "tests/test_security.py"
ADMIN_VERSIONS = "claims/admin/versions.py"
LOST_EDIT_TESTS = "tests/test_lost_edits.py"
SEARCH = "claims/search.py"
SEARCH_TESTS = "tests/test_search.py"
API_VIEWS = "claims/api/views.py"
API_TESTS = ("tests/test_api.py", ESCAPING)
# An admin display built with str.format and mark_safe instead of format_html: nothing escaped.
UNESCAPED_FORMAT_HTML = (
    "from django.utils.html import format_html as _format_html  # noqa\n"
    "from django.utils.safestring import mark_safe as _mark_safe\n\n\n"
    "def format_html(template, *args):\n"
    "    return _mark_safe(template.format(*args))\n\n\n"
    "def format_html_join(sep, template, rows):\n"
    "    return _mark_safe(sep.join(template.format(*row) for row in rows))\n"
)

MUTATIONS = [
    # The JSON API
    m(
        "the API shows internal notes",
        API_VIEWS,
        'queryset=ReviewNote.objects.public(), to_attr="public_notes"',
        'queryset=ReviewNote.objects.all(), to_attr="public_notes"',
        *API_TESTS,
    ),
    m(
        "the API lists drafts",
        API_VIEWS,
        "        Claim.objects.published()\n        .for_list()",
        "        Claim.objects.all()\n        .for_list()",
        *API_TESTS,
    ),
    m(
        "the API lists sources no published claim cites",
        API_VIEWS,
        'return Source.objects.filter(Exists(cited)).order_by("pk")',
        'return Source.objects.order_by("pk")',
        *API_TESTS,
    ),
    m(
        "the API's claim list ignores the site's filters",
        API_VIEWS,
        "    filterset_class = ClaimFilter\n",
        "",
        *API_TESTS,
    ),
    m(
        "the API accepts writes",
        API_VIEWS,
        "class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):",
        "class ReadOnlyViewSet(viewsets.ModelViewSet):",
        *API_TESTS,
    ),
    m(
        "the claim list's cursor keys on its first ordering field only (ties skipped)",
        "claims/api/pagination.py",
        "    condition = functools.reduce(operator.or_, ways)",
        "    condition = ways[0]",
        *API_TESTS,
    ),
    m(
        "the API in verdict order starts each page at its verdict's first claim (pages repeat)",
        "claims/api/pagination.py",
        "                theirs = theirs.filter(after(within, values[2:], self.backwards))",
        "                pass",
        *API_TESTS,
    ),
    m(
        "the API in verdict order sorts every published claim for each page",
        "claims/api/pagination.py",
        "        if [_name(field) for field in self.ordering[:2]] == VERDICT_PLACE:",
        "        if False:",
        "tests/test_scale.py",
    ),
    m(
        "the API's evidence costs a query per claim",
        API_VIEWS,
        'Prefetch("evidence", queryset=Evidence.objects.select_related("source")),',
        '"evidence",',
        *API_TESTS,
    ),
    m(
        "a forged X-Forwarded-For escapes the API throttle",
        "claims/api/throttling.py",
        '        return client_ip(request) or "unknown"',
        '        return request.META.get("HTTP_X_FORWARDED_FOR") or client_ip(request)',
        *API_TESTS,
    ),
    # Workflow services
    m(
        "send back saves with claim.save(): no version bump, no history reason",
        SERVICES,
        '    _save(claim, user, "Sent back for more research")',
        "    claim.save()",
        *WORKFLOW_TESTS,
    ),
    m(
        "a correction ignores the new conclusion",
        SERVICES,
        "        claim.conclusion = new_conclusion.strip()",
        "        pass",
        *WORKFLOW_TESTS,
    ),
    m(
        "a clarification may change the verdict",
        SERVICES,
        "if new_verdict != previous and kind == Correction.Kind.CLARIFICATION:",
        "if False:",
        *WORKFLOW_TESTS,
    ),
    m(
        "the two-person rule reads the researcher field instead of the history",
        SERVICES,
        "elif user.pk in researchers:",
        "elif user.pk == claim.researcher_id:",
        "tests/test_two_person_rule.py",
        *WORKFLOW_TESTS,
    ),
    m(
        "a claim without evidence may be published",
        SERVICES,
        "if not (claim.evidence.exists() if has_evidence is None else has_evidence):",
        "if False:",
        *WORKFLOW_TESTS,
    ),
    m(
        "publishing does not record the reviewer",
        SERVICES,
        "    claim.reviewer = user\n",
        "",
        *WORKFLOW_TESTS,
    ),
    m(
        "workflow steps do not raise the version",
        SERVICES,
        "    claim.version += 1\n",
        "",
        *WORKFLOW_TESTS,
    ),
    m(
        "a fact-checker may assign a claim to someone else",
        SERVICES,
        "if researcher != user and not user.has_perm(PUBLISH_PERMISSION):",
        "if False:",
        *WORKFLOW_TESTS,
    ),
    m(
        "a fact-checker may take steps on a colleague's claim",
        SERVICES,
        "others = claim.researcher_id not in (None, user.pk)",
        "others = False",
        *WORKFLOW_TESTS,
    ),
    m(
        "the send-back and not-checkable notes are public",
        SERVICES,
        "claim=claim, author=user, body=body, visibility=ReviewNote.Visibility.INTERNAL",
        "claim=claim, author=user, body=body, visibility=ReviewNote.Visibility.PUBLIC",
        *WORKFLOW_TESTS,
    ),
    m(
        "not checkable without a reason",
        SERVICES,
        "if not reason or not reason.strip():",
        "if False:",
        *WORKFLOW_TESTS,
    ),
    m(
        "a step applies whatever the claim's status",
        SERVICES,
        "if current.status not in from_statuses:",
        "if False:",
        *WORKFLOW_TESTS,
    ),
    m(
        "a correction without public text",
        SERVICES,
        'if not text or not text.strip():\n        raise TransitionError("Readers see',
        'if False:\n        raise TransitionError("Readers see',
        *WORKFLOW_TESTS,
    ),
    m(
        "editing the article's text leaves the quotes where they were",
        SERVICES,
        "if (start, end, occurrence) != (claim.span_start, claim.span_end, claim.occurrence):",
        "if False:",
        "tests/test_quotes.py",
        "tests/test_admin.py",
    ),
    m(
        "an article edit that loses a claim's quote is not reported",
        SERVICES,
        "            broken.append(",
        "            (",
        "tests/test_admin.py",
    ),
    m(
        "the admin offers steps the user may not take",
        SERVICES,
        "        if t.why_not(claim, user) is None\n",
        "        if True\n",
        STEP_TESTS,
        *WORKFLOW_TESTS,
    ),
    m(
        "the admin offers the steps in declaration order: Assign to me before Publish",
        SERVICES,
        "    return sorted(steps, key=lambda t: t.rank)",
        "    return steps",
        STEP_TESTS,
    ),
    m(
        "a step taken with the form's edits re-reads the claim and drops them",
        SERVICES,
        "            if keep_edits:\n                current = claim\n",
        "",
        STEP_TESTS,
    ),
    m(
        "a step taken with the form's edits ignores a newer save of the claim",
        SERVICES,
        "            if keep_edits:\n                opened_version = claim.version\n",
        "",
        STEP_TESTS,
    ),
    m(
        "taking over a colleague's claim asks nothing",
        SERVICES,
        "            if asked and not confirmed:",
        "            if False:",
        STEP_TESTS,
    ),
    m(
        "submitting an incomplete claim no longer warns",
        SERVICES,
        "    warnings=review_warnings,\n",
        "",
        STEP_TESTS,
    ),
    # Quotes and highlighting
    m(
        "overlapping appearances of a quote are counted once",
        "claims/quotes.py",
        "start = body.find(quote, start + 1)",
        "start = body.find(quote, start + len(quote))",
        "tests/test_claim_model.py",
    ),
    m(
        "a repeated quote is taken at its first appearance without asking",
        "claims/quotes.py",
        "        if len(starts) > 1:",
        "        if len(starts) > 2:",
        "tests/test_claim_model.py",
    ),
    m(
        "an edited article's claim jumps to the first copy of its quote",
        "claims/quotes.py",
        "    index = scores.index(best)\n",
        "    index = 0\n",
        "tests/test_quotes.py",
        "tests/test_admin.py",
        "tests/test_claim_model.py",
    ),
    m(
        "a quote pasted from the browser with CRLF line ends is never found",
        "claims/quotes.py",
        'return text.replace("\\r\\n", "\\n").replace("\\r", "\\n")',
        "return text",
        "tests/test_quotes.py",
        "tests/test_admin.py",
        "tests/test_claim_model.py",
    ),
    m(
        "the article text is not escaped on the article page",
        HIGHLIGHT,
        'parts.append(escape(body[left:right]).replace("\\n", "<br>"))',
        'parts.append(mark_safe(body[left:right].replace("\\n", "<br>")))',
        ESCAPING,
    ),
    m(
        "same-start spans nest the shorter claim outside",
        HIGHLIGHT,
        "key=lambda c: (c.span_start, -c.span_end)",
        "key=lambda c: (c.span_start, c.span_end)",
        "tests/test_public_pages.py",
    ),
    m(
        "a crossing claim's fragments each get the anchor id",
        HIGHLIGHT,
        "_open_mark(c, c.slug not in opened)",
        "_open_mark(c, True)",
        "tests/test_public_pages.py",
    ),
    m(
        "a claim link follows each fragment, not only the claim's end",
        HIGHLIGHT,
        "if closing.span_end == left:",
        "if True:",
        "tests/test_public_pages.py",
    ),
    m(
        "the claim page's quote comes without the sentence before it",
        HIGHLIGHT,
        "begin = starts[max(first - around, 0)]",
        "begin = starts[first]",
        "tests/test_public_pages.py",
    ),
    m(
        "an abbreviation ends a sentence (U.S. President)",
        HIGHLIGHT,
        r'SENTENCE_END = re.compile(r"(?<!\.\w)(?<!\b\w)[.!?]',
        r'SENTENCE_END = re.compile(r"[.!?]',
        "tests/test_public_pages.py",
    ),
    # Models and public scopes
    m(
        "not-checkable claims counted as still being checked",
        "claims/models.py",
        "IN_PROGRESS = (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW)",
        "IN_PROGRESS = (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW, Status.NOT_CHECKABLE)",
        *PUBLIC,
    ),
    m(
        "internal notes are public",
        "claims/models.py",
        "return self.filter(visibility=ReviewNote.Visibility.PUBLIC)",
        "return self.all()",
        *PUBLIC,
    ),
    m(
        "articles and claimants without a published claim are listed",
        "claims/models.py",
        "return self.filter(published_claims__gt=0)",
        "return self.all()",
        *PUBLIC,
    ),
    # Views
    m(
        "a draft's page is public",
        "claims/views.py",
        "def claim_detail(request, slug):\n"
        "    claim = get_object_or_404(Claim.objects.published().for_list(), slug=slug)",
        "def claim_detail(request, slug):\n"
        "    claim = get_object_or_404(Claim.objects.for_list(), slug=slug)",
        *PUBLIC,
    ),
    m(
        "a draft's embed card is public",
        "claims/views.py",
        "    claim = get_object_or_404(Claim.objects.published().for_list(), slug=slug)\n"
        '    return render(\n        request, "claims/claim_embed.html"',
        "    claim = get_object_or_404(Claim.objects.for_list(), slug=slug)\n"
        '    return render(\n        request, "claims/claim_embed.html"',
        "tests/test_embed.py",
        "tests/test_leaks.py",
    ),
    m(
        "corrections of unpublished claims are listed",
        "claims/models.py",
        "return self.filter(public=True)",
        "return self.all()",
        *PUBLIC,
    ),
    m(
        "a correction keeps the public flag its form or fixture gave it",
        "claims/public_counts.py",
        "    instance.public = Claim.objects.published().filter(pk=instance.claim_id).exists()",
        "    instance.public = instance.public or instance.pk is None",
        "tests/test_corrections.py",
    ),
    m(
        "publishing a claim leaves its earlier corrections off /corrections/",
        "claims/public_counts.py",
        "    if was != now:",
        "    if was and not now:",
        "tests/test_corrections.py",
    ),
    m(
        "the corrections page lists the oldest first",
        "claims/views.py",
        '.order_by("-created_at", "-pk")',
        '.order_by("created_at", "pk")',
        *PUBLIC,
    ),
    m(
        # The view's own `claims.none()` for an invalid filter is a second guard behind the
        # template's: breaking it alone changes nothing a reader sees.
        "an invalid filter still shows the list's count and rows",
        "templates/claims/claim_list.html",
        "{% if not filter.errors %}",
        "{% if True %}",
        *PUBLIC,
    ),
    # Scale: the page cache and deep pages (issue 9)
    m(
        "a cached page costs a SELECT 1 before the stamp's query",
        "claims/public_cache.py",
        "        connection.health_check_done = True\n        try:",
        "        try:",
        "tests/test_public_cache.py",
    ),
    m(
        "every anonymous request reads the public stamp, a 404 or /health/ too",
        "claims/public_cache.py",
        "            and _goes_to_a_public_page(\n"
        '                getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info\n'
        "            )\n",
        "            and True\n",
        "tests/test_public_cache.py",
    ),
    m(
        "the claim list offers the choices of before a change (the memo ignores the stamp's token)",
        "claims/public_cache.py",
        "if token == stamp[0] and key in values:",
        "if key in values:",
        "tests/test_public_cache.py",
        "tests/test_query_counts.py",
    ),
    Mutation(
        "one reader's chosen article joins every later reader's short list",
        "claims/filters.py",
        (
            (
                "return tuple(self.choice(row) for row in self.queryset)",
                "return [self.choice(row) for row in self.queryset]",
            ),
            (
                "            yield self.choice(chosen)\n",
                "            choices.insert(0, self.choice(chosen))\n",
            ),
        ),
        ("tests/test_public_cache.py",),
    ),
    m(
        "a deep page of claims reads and joins every claim before it",
        "claims/paging.py",
        "    if not isinstance(rows, QuerySet) or bottom == 0:",
        "    if True:",
        "tests/test_scale.py",
    ),
    m(
        "a deep page of claims comes in key order, not the list's",
        "claims/paging.py",
        "    return rows.filter(pk__in=keys)",
        "    return rows.order_by().filter(pk__in=keys)",
        "tests/test_scale.py",
    ),
    # Filters
    m(
        "the text search ignores the conclusion (SQLite)",
        "claims/search.py",
        "{_sqlite_text(f'{claim}.conclusion')}, ",
        "'', ",
        "tests/test_search.py",
    ),
    m(
        "the text search ignores the claimant's name (SQLite)",
        "claims/search.py",
        'f"{claimant}"\n    )',
        "\"''\"\n    )",
        "tests/test_search.py",
    ),
    m(
        "'published until' leaves out that day",
        "claims/filters.py",
        "end = start_of_day(value + timedelta(days=1)) if value < date.max else None",
        "end = start_of_day(value) if value < date.max else None",
        "tests/test_claim_list.py",
    ),
    m(
        "the claimant filter accepts claimants of drafts",
        "claims/filters.py",
        "queryset=Claimant.objects.public(),",
        "queryset=Claimant.objects.all(),",
        "tests/test_claim_list.py",
    ),
    m(
        "ordering by verdict runs false to true",
        "claims/filters.py",
        '"verdict": ["verdict__order", "verdict__label", *NEWEST],',
        '"verdict": ["-verdict__order", "verdict__label", *NEWEST],',
        "tests/test_claim_list.py",
    ),
    m(
        "a page by verdict starts at the wrong claim when verdicts before it are skipped",
        "claims/filters.py",
        "                    skip -= before\n",
        "                    skip -= before - 1\n",
        "tests/test_claim_list.py",
    ),
    m(
        "the claim list by verdict sorts every published claim again",
        "claims/filters.py",
        '        return ByVerdict(self.qs, descending=order == "-verdict", stored_counts=not chosen)',
        "        return self.qs",
        "tests/test_scale.py",
    ),
    m(
        "the sitemap index counts every published claim for its pages",
        "claims/sitemaps.py",
        '        return Verdict.objects.aggregate(n=Sum("published_claims", default=0))["n"]\n',
        "        return self.items().count()\n",
        "tests/test_scale.py",
    ),
    # The claim admin
    m(
        "a form's version travels but is never checked",
        ADMIN_VERSIONS,
        "elif cleaned_data.get(VERSION_FIELD) != current.version:",
        "elif False:",
        LOST_EDIT_TESTS,
        "tests/test_admin_workflow.py",
    ),
    m(
        "a form posted without its version skips the lost-edit guard",
        ADMIN_VERSIONS,
        "elif cleaned_data.get(VERSION_FIELD) != current.version:",
        "elif cleaned_data.get(VERSION_FIELD) not in (None, current.version):",
        "tests/test_admin_workflow.py",
        LOST_EDIT_TESTS,
    ),
    m(
        "change forms do not render their hidden version field",
        ADMIN_VERSIONS,
        "    if guarded and fieldsets:",
        "    if False:",
        "tests/test_admin_workflow.py",
        LOST_EDIT_TESTS,
    ),
    m(
        "saving a change form does not raise the version",
        ADMIN_VERSIONS,
        "            obj.version += 1  # from the version the guard read under the lock",
        "            pass",
        LOST_EDIT_TESTS,
        "tests/test_admin_workflow.py",
    ),
    m(
        "fact-checkers may set the researcher on the claim form",
        ADMIN_CLAIM,
        '            readonly.append("researcher")',
        "            pass",
        "tests/test_admin_workflow.py",
    ),
    m(
        "a published claim's verdict is editable on the form",
        ADMIN_CLAIM,
        'readonly += ["slug", "verdict", "conclusion"]',
        'readonly += ["slug", "conclusion"]',
        "tests/test_admin_workflow.py",
        "tests/test_admin.py",
    ),
    m(
        "a published claim's conclusion is editable without a correction",
        ADMIN_CLAIM,
        'readonly += ["slug", "verdict", "conclusion"]',
        'readonly += ["slug", "verdict"]',
        "tests/test_admin_workflow.py",
        "tests/test_admin.py",
    ),
    m(
        "published claims stay in the 'Assigned to me' queue",
        ADMIN_CLAIM,
        "return queryset.in_progress().filter(researcher=request.user)",
        "return queryset.filter(researcher=request.user)",
        "tests/test_admin_workflow.py",
    ),
    m(
        "'Waiting for my review' lists one's own research",
        ADMIN_CLAIM,
        "return queryset.filter(status=waiting, work_order=Claim.WORK_ORDER[waiting]).exclude(\n"
        "                researcher=request.user\n            )",
        "return queryset.filter(status=waiting, work_order=Claim.WORK_ORDER[waiting])",
        "tests/test_admin_workflow.py",
    ),
    m(
        "a step button saves the claim before the step, and the step saves it again",
        ADMIN_CLAIM,
        "            return  # saved once, with the step, after its inlines: see save_related()",
        "            return self.save_claim(request, obj, form, change)",
        STEP_TESTS,
    ),
    m(
        "a refused step keeps the edits saved with it",
        ADMIN_CLAIM,
        "            raise StepRefused(exc.message) from exc",
        "            messages.error(request, exc.message)\n            return",
        STEP_TESTS,
    ),
    m(
        "a step with its own page drops the edits made before its click",
        ADMIN_CLAIM,
        "            if edited:\n                self.save_claim(",
        "            if False:\n                self.save_claim(",
        STEP_TESTS,
    ),
    m(
        "bulk publish runs at once, without its confirmation page",
        ADMIN_CLAIM,
        '        if "apply" in request.POST:\n            self.run_bulk(request, queryset, "publish")',
        '        if True:\n            self.run_bulk(request, queryset, "publish")',
        STEP_TESTS,
    ),
    m(
        "fact-checkers are offered the bulk publish action",
        ADMIN_CLAIM,
        '@admin.action(description="Publish the selected claims…", permissions=["publish"])',
        '@admin.action(description="Publish the selected claims…", permissions=["change"])',
        "tests/test_admin_workflow.py",
    ),
    m(
        "a note added inline has no author",
        ADMIN_CLAIM,
        "                note.author = request.user",
        "                pass",
        "tests/test_admin_workflow.py",
        "tests/test_admin.py",
    ),
    Mutation(
        "the claim admin's quote in context is not escaped",
        ADMIN_CLAIM,
        (("from django.utils.html import format_html\n", UNESCAPED_FORMAT_HTML),),
        (ESCAPING,),
    ),
    # The desk's other admin screens
    Mutation(
        "the article admin's claims overview is not escaped",
        ADMIN_DESK,
        (
            (
                "from django.utils.html import format_html, format_html_join\n",
                UNESCAPED_FORMAT_HTML,
            ),
        ),
        (ESCAPING,),
    ),
    m(
        "admin searches are not capped (SQLite fails on long terms)",
        ADMIN_DESK,
        "search_term[:SEARCH_TERM_MAX_LENGTH]",
        "search_term",
        "tests/test_admin.py",
    ),
    m(
        "an article edit may lose a claim's quote",
        ADMIN_DESK,
        "            if broken:",
        "            if False:",
        "tests/test_admin.py",
    ),
    m(
        "corrections are editable in the admin",
        ADMIN_DESK,
        "    def has_change_permission(self, request, obj=None):\n        return False",
        "    def has_change_permission(self, request, obj=None):\n        return True",
        "tests/test_admin.py",
    ),
    m(
        "a note added on its own screen is not signed by its writer",
        ADMIN_DESK,
        "        if not change:\n            obj.author = request.user",
        "        if False:\n            obj.author = request.user",
        "tests/test_public_guard.py",
        "tests/test_admin.py",
    ),
    m(
        "fact-checkers may change what readers see",
        ADMIN_DESK,
        "return super().has_change_permission(request, obj) and not locked_for(request, obj)",
        "return super().has_change_permission(request, obj)",
        "tests/test_public_guard.py",
        "tests/test_admin_workflow.py",
    ),
    m(
        "a fact-checker's public note on a published claim goes straight to readers",
        SERVICES,
        "    if obj.visibility == ReviewNote.Visibility.PUBLIC:",
        "    if False:",
        "tests/test_public_guard.py",
    ),
    m(
        "sources cited by published claims are not protected",
        SERVICES,
        "    Source: Q(evidence__claim__status=PUBLISHED),\n",
        "",
        "tests/test_public_guard.py",
    ),
    # Templates
    m(
        "the conclusion is marked safe on the claim page",
        "templates/claims/claim_detail.html",
        "{{ claim.conclusion|linebreaks }}",
        "{{ claim.conclusion|safe }}",
        ESCAPING,
    ),
    m(
        "the claimant's name is marked safe on the claim page",
        "templates/claims/claim_detail.html",
        ">{{ claim.claimant.name }}</a>",
        ">{{ claim.claimant.name|safe }}</a>",
        ESCAPING,
    ),
    m(
        "the evidence note is marked safe",
        "templates/claims/claim_detail.html",
        "{{ item.note }}",
        "{{ item.note|safe }}",
        ESCAPING,
    ),
    m(
        "public notes are marked safe",
        "templates/claims/claim_detail.html",
        "{{ note.body|linebreaks }}",
        "{{ note.body|safe|linebreaks }}",
        ESCAPING,
    ),
    m(
        "the correction text is marked safe on /corrections/",
        "templates/claims/correction_list.html",
        "<p>{{ correction.text }}</p>",
        "<p>{{ correction.text|safe }}</p>",
        ESCAPING,
    ),
    m(
        "the verdict definition is marked safe on the methodology page",
        "templates/claims/methodology.html",
        "<dd>{{ verdict.definition }}</dd>",
        "<dd>{{ verdict.definition|safe }}</dd>",
        ESCAPING,
    ),
    m(
        "the article's headline is marked safe in lists of claims",
        "templates/claims/_claim_row.html",
        "{{ claim.article.headline }}",
        "{{ claim.article.headline|safe }}",
        ESCAPING,
    ),
    m(
        "pagination drops the filters",
        "templates/claims/_pagination.html",
        '<a href="{% querystring page=page.next_page_number %}" rel="next">',
        '<a href="?page={{ page.next_page_number }}" rel="next">',
        "tests/test_claim_list.py",
    ),
    m(
        "the article page does not say how many claims are still being checked",
        "templates/claims/article_detail.html",
        "{% if in_progress %}; {{ in_progress }} more",
        "{% if False %}; {{ in_progress }} more",
        "tests/test_public_pages.py",
    ),
    # Settings and middleware
    m(
        "template autoescaping is off",
        SETTINGS,
        '        "OPTIONS": {\n            "context_processors"',
        '        "OPTIONS": {\n            "autoescape": False,\n            "context_processors"',
        ESCAPING,
    ),
    m(
        "pages may be framed by the same origin",
        SETTINGS,
        'X_FRAME_OPTIONS = "DENY"',
        'X_FRAME_OPTIONS = "SAMEORIGIN"',
        SECURITY,
    ),
    m(
        "the clickjacking middleware is gone",
        SETTINGS,
        '    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n',
        "",
        SECURITY,
    ),
    m(
        "the CSP lets any site frame the pages",
        SETTINGS,
        '    "frame-ancestors": [CSP.NONE],\n',
        "",
        SECURITY,
    ),
    m(
        "the CSP allows inline scripts",
        SETTINGS,
        '"script-src": [CSP.SELF, CSP.NONCE],',
        '"script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_INLINE],',
        SECURITY,
    ),
    m(
        "debug is on by default",
        SETTINGS,
        'DEBUG = env_bool("DJANGO_DEBUG", False)',
        'DEBUG = env_bool("DJANGO_DEBUG", True)',
        SECURITY,
    ),
    m(
        "the session cookie is sent over plain HTTP",
        SETTINGS,
        "SESSION_COOKIE_SECURE = not DEBUG",
        "SESSION_COOKIE_SECURE = False",
        SECURITY,
    ),
    m(
        "browsers may sniff content types",
        SETTINGS,
        "SECURE_CONTENT_TYPE_NOSNIFF = True",
        "SECURE_CONTENT_TYPE_NOSNIFF = False",
        SECURITY,
    ),
    m(
        "NUL bytes in a form reach the database",
        "claims/middleware.py",
        'if request.method == "POST" and _has_nul(request.POST):',
        "if False:",
        SECURITY,
    ),
    m(
        "NUL bytes in the path reach the database",
        "claims/middleware.py",
        'if "\\x00" in request.path_info or _has_nul(request.GET):',
        "if _has_nul(request.GET):",
        SECURITY,
    ),
    m(
        "Search lists the worst match first (SQLite)",
        SEARCH,
        'return f"-bm25(',
        'return f"bm25(',
        SEARCH_TESTS,
    ),
    m(
        "Search in the list's usual order, not by relevance",
        SEARCH,
        "    if not ranked:\n        return matched",
        "    if ranked:\n        return matched",
        SEARCH_TESTS,
    ),
    m(
        "Searching Meloni no longer finds Méloni (SQLite)",
        SEARCH,
        "tokenize = 'unicode61 remove_diacritics 2'",
        "tokenize = 'unicode61 remove_diacritics 0'",
        SEARCH_TESTS,
    ),
    m(
        "A renamed claimant is still found under the old name (SQLite)",
        SEARCH,
        'UPDATE {TABLE} SET claimant = {_sqlite_text("new.name")}',
        "UPDATE {TABLE} SET claimant = claimant",
        SEARCH_TESTS,
    ),
    m(
        "What readers type reaches FTS5 as query syntax: a stray quote is a 500",
        SEARCH,
        'match = Fts5Match(F("search_entry__pk"), fts5_text(alternatives))',
        'match = Fts5Match(F("search_entry__pk"), text)',
        SEARCH_TESTS,
    ),
    m(
        "Triggers a migration dropped stay dropped: search goes stale",
        SEARCH,
        "return not present.issuperset(wanted)",
        "return False",
        SEARCH_TESTS,
    ),
    m(
        "A search narrowed by a date or a claimant loses the matches older than the window",
        "claims/filters.py",
        "for name in sorted(data, key=lambda name: last.get(name, 0)):",
        "for name in data:",
        SEARCH_TESTS,
    ),
    m(
        "A ranked search ranks every match, the oldest as well",
        SEARCH,
        'return found.order_by("-search_entry__pk").values_list(',
        'return found.order_by("search_entry__pk").values_list(',
        SEARCH_TESTS,
    ),
    m(
        "A ranked search's page reads every match from the full-text index (SQLite)",
        SEARCH,
        "found.filter(search_entry__pk__gte=first, pk__gte=first)",
        "found.filter(pk__gte=first)",
        SEARCH_TESTS,
    ),
    m(
        "The admin's ranked search ranks every match of a common word",
        ADMIN_CLAIM,
        "found, request.ranked_search_matches = newest_matches(found)",
        "request.ranked_search_matches = newest_matches(found)[1]",
        SEARCH_TESTS,
    ),
    m(
        "An action on all that match a ranked admin search takes only its window",
        ADMIN_CLAIM,
        'if ranked and request.method in ("GET", "HEAD"):',
        "if ranked:",
        SEARCH_TESTS,
    ),
    m(
        "The admin's ranked search has more pages than its window fills",
        "claims/paging.py",
        "return min(super().num_pages, -(-self.cap // self.per_page))",
        "return super().num_pages",
        SEARCH_TESTS,
    ),
    m(
        "The admin's status column sorts by the statuses' codes",
        ADMIN_CLAIM,
        "        if last in STATUS_SORTS:",
        "        if False:",
        "tests/test_admin.py",
    ),
    m(
        "A sorted admin column is tied by the desk's order, which no index holds after it",
        ADMIN_CLAIM,
        'return [*before, last, "-pk" if descending else "pk"]',
        "return [*before, last, *queryset.query.order_by]",
        "tests/test_scale.py",
    ),
    m(
        "A ranked search's page sorts the window the other way round",
        "claims/search.py",
        "{'DESC' if field.startswith('-') else 'ASC'}",
        "{'ASC' if field.startswith('-') else 'DESC'}",
        SEARCH_TESTS,
    ),
    m(
        "A ranked search says its page holds every match",
        "claims/search.py",
        "return self.read[1], (found[0][1] if found else None)",
        "return self.read[1], (len(found) if found else None)",
        SEARCH_TESTS,
    ),
    m(
        "A ranked search's window is read again for its count",
        "claims/filters.py",
        "if not ranked or self.window_in_pages:",
        "if not ranked:",
        SEARCH_TESTS,
    ),
    m(
        "A ranked search's window holds one match fewer, so it never says there are more",
        "claims/search.py",
        "        : RANKED_MATCHES + 1\n    ]",
        "        :RANKED_MATCHES\n    ]",
        SEARCH_TESTS,
    ),
    m(
        "Counts of thousands are written ungrouped (12345 claims match)",
        "claims/templatetags/numbers.py",
        'return f"{int(number):,}"',
        'return f"{int(number)}"',
        "tests/test_public_pages.py",
    ),
]
