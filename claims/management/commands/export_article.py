from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import deskfile
from claims.models import Article


class Command(BaseCommand):
    help = (
        "Write one article with all its claims (every status), sources and notes as a desk "
        "file: the same file import_article reads. Internal notes are included: the file is "
        "the desk's, not the public's."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug.")
        parser.add_argument("-o", "--output", help="Write to this file instead of the output.")

    def handle(self, *args, slug, output, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"There is no article with the slug {slug!r}.")
        text = deskfile.dumps(deskfile.export_article(article))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {article.claims.count()} claims to {output}.")
        else:
            self.stdout.write(text, ending="")
