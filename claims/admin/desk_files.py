"""Desk files in the admin (issue 8): upload one from the article list, see what it would write
or every problem with its place, confirm; download any article's as a desk file.

The upload is read, checked and imported as a dry run (claims/deskfile.py, the same code as
`manage.py import_article`); its text is kept in the editor's session, never sent back through
the browser, and the confirmation imports it again from there, checking everything again, so a
change on the site in between is reported, not written over. Whoever lacks the Editors' rights
imports drafts only (deskfile's rule, the same on the command line).
"""

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from claims import deskfile, services

# The admin keeps an upload in the session between the preview and the confirmation, so it is
# capped; a larger file goes through `manage.py import_article`, which shows a progress bar.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "desk_file_import"
# Claims listed one by one on the preview; the counts always cover all of them.
PREVIEW_CLAIMS = 200
# Lines of the import's summary shown once it is done (a message each, kept in the session).
MESSAGES_SHOWN = 20


class UploadForm(forms.Form):
    desk_file = forms.FileField(
        label="Desk file",
        help_text="One article with its claims, as JSON (see the README); at most "
        f"{UPLOAD_MAX_BYTES // (1024 * 1024)} MB.",
    )
    replace = forms.BooleanField(
        label="Replace the article",
        required=False,
        help_text="Update the article already on the site (same URL, or same headline and "
        "date) instead of refusing it.",
    )


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


def _file_name(upload):
    """The upload's name as the history's change reason shows it: printable, not too long."""
    name = "".join(c for c in upload.name if c.isprintable()) or "desk file"
    return Truncator(name).chars(80)


def _read_upload(upload):
    """The upload's text, or DeskFileError saying why it cannot be one."""
    if upload.size > UPLOAD_MAX_BYTES:
        raise deskfile.DeskFileError(
            [
                f"the file is {upload.size / (1024 * 1024):.1f} MB; the admin takes desk files "
                f"of up to {UPLOAD_MAX_BYTES // (1024 * 1024)} MB: import a larger one with "
                "manage.py import_article"
            ]
        )
    text = deskfile.decode(upload.read())
    if "\x00" in text:
        # A raw NUL is not JSON; say so plainly rather than by line and column.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise deskfile.DeskFileError(
            [f"line {line}: the file holds a NUL byte, so it is not a text desk file"]
        )
    return text


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


class DeskFileAdminMixin:
    """For the article admin: the import pages and the "Download desk file" link's view."""

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="claims_article_import",
            ),
            path(
                "<path:object_id>/desk-file/",
                self.admin_site.admin_view(self.desk_file_view),
                name="claims_article_desk_file",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perms(["claims.add_article", "claims.add_claim"])

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def desk_file_view(self, request, object_id):
        """The article with all its claims, notes and sources, as a file to save."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        response = HttpResponse(
            deskfile.dumps(deskfile.export_article(article)),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{article.slug}.json"'
        return response

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "digest" in request.POST:
            return self._confirm_import(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._import_page(request, form=form, status=400 if form.errors else 200)
        upload = form.cleaned_data["desk_file"]
        pending = {"name": _file_name(upload), "replace": form.cleaned_data["replace"]}
        try:
            pending["text"] = _read_upload(upload)
            plan = self._import(request, pending, dry_run=True)
        except deskfile.DeskFileError as exc:
            request.session.pop(SESSION_KEY, None)
            return self._import_page(request, form=form, problems=exc.problems, status=400)
        pending["digest"] = _digest(pending["text"])
        request.session[SESSION_KEY] = pending
        return self._import_page(
            request,
            plan=plan,
            name=pending["name"],
            confirm=ConfirmForm(initial={"digest": pending["digest"]}),
        )

    def _confirm_import(self, request):
        """The confirmation: the file kept in the session, checked again and written."""
        pending = request.session.get(SESSION_KEY)
        form = ConfirmForm(request.POST)
        if not (form.is_valid() and pending and pending["digest"] == form.cleaned_data["digest"]):
            problem = (
                "this preview is no longer the file waiting to be imported (it was imported, "
                "or another file was uploaded since): upload the file again"
            )
            return self._import_page(request, form=UploadForm(), problems=[problem], status=400)
        del request.session[SESSION_KEY]
        try:
            plan = self._import(request, pending)
        except deskfile.DeskFileError as exc:
            problems = [
                "the site changed since the preview, and the file no longer imports:",
                *exc.problems,
            ]
            return self._import_page(request, form=UploadForm(), problems=problems, status=400)
        lines = deskfile.summary(plan)
        for line in lines[:MESSAGES_SHOWN]:
            messages.info(request, line)
        if len(lines) > MESSAGES_SHOWN:
            messages.info(request, f"… and {len(lines) - MESSAGES_SHOWN} more notes like these.")
        messages.success(request, f"Imported {pending['name']}.")
        return HttpResponseRedirect(reverse("admin:claims_article_change", args=[plan.article.pk]))

    def _import(self, request, pending, dry_run=False):
        return deskfile.import_desk_file(
            deskfile.loads(pending["text"]),
            user=request.user,
            replace=pending["replace"],
            dry_run=dry_run,
            name=pending["name"],
        )

    def _import_page(self, request, *, status=200, plan=None, **context):
        if plan is not None:
            context |= {
                "plan": plan,
                "statuses": deskfile.status_counts(plan),
                "claims": plan.claims[:PREVIEW_CLAIMS],
                "more_claims": max(0, len(plan.claims) - PREVIEW_CLAIMS),
            }
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a desk file",
            "opts": self.opts,
            "drafts_only": not services.may_change_public(request.user),
            "upload_max_mb": UPLOAD_MAX_BYTES // (1024 * 1024),
            **context,
        }
        return TemplateResponse(request, "admin/claims/article/import.html", context, status=status)
