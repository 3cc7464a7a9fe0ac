from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import deskfile

# Files with more claims than this show a progress bar (on a terminal).
PROGRESS_FROM = 300


class ProgressBar:
    """`Checking [#####.....] 500/1000` on one line of a terminal, redrawn as the import goes;
    nothing when the output is not a terminal (a log, a pipe, a cron job)."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream

    def __call__(self, step, done, total):
        if not self.stream.isatty():
            return
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{step:<8} [{bar}] {done:,}/{total:,}", ending=end)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import one article with its claims from a desk file (JSON, see the README). Every "
        "problem in the file is reported with its place and nothing is written; otherwise "
        "everything is written in one transaction. Claims the file marks published are "
        "published only when --as names an editor, and the publish rules hold."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The desk file (JSON).")
        parser.add_argument(
            "--as",
            dest="username",
            help="The user the import acts as: an editor publishes the claims the file marks "
            "published (and is recorded as their reviewer).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what it would write."
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Say nothing but the problems (as -v0): no progress bar, no summary.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Update the article already on the site (same URL, or same headline and date).",
        )

    def handle(self, *args, file, username, dry_run, replace, quiet, verbosity, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"--as: there is no active user {username!r}.")
            if not (user.has_perm("claims.add_article") and user.has_perm("claims.add_claim")):
                raise CommandError(f"--as: {username} may not add articles and claims.")
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read it ({exc.strerror}).") from exc
        try:
            data = deskfile.loads(deskfile.decode(raw))
            quiet = quiet or verbosity == 0
            claims = data.get("claims") if isinstance(data, dict) else None
            large = isinstance(claims, list) and len(claims) > PROGRESS_FROM
            plan = deskfile.import_desk_file(
                data,
                user=user,
                replace=replace,
                dry_run=dry_run,
                name=path.name,
                progress=ProgressBar(self.stderr) if large and not quiet else None,
            )
        except deskfile.DeskFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            count = len(exc.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {path.name}; nothing was written."
            ) from exc
        if quiet:
            return
        for line in deskfile.summary(plan, dry_run=dry_run):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))
