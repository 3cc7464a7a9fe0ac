"""What the API shows of each row: what the public pages show, in JSON.

Never the desk's side: no status (every claim here is published), no researcher, reviewer,
note author or version, no internal note, no source's title note. Every object links to itself
in the API (`url`) and to its page on the site (`html_url`); `link` is the outside address an
article, claimant or source has of its own.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)


class HtmlUrlField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


HtmlUrlField = extend_schema_field({"type": "string", "format": "uri"})(HtmlUrlField)


class ClaimsUrlField(serializers.Field):
    """The API's claim list filtered to this article, claimant or verdict (ClaimFilter's name)."""

    def __init__(self, filter_name, **kwargs):
        self.filter_name = filter_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        path = f"{reverse('api:claim-list')}?{self.filter_name}={obj.slug}"
        return self.context["request"].build_absolute_uri(path)


ClaimsUrlField = extend_schema_field({"type": "string", "format": "uri"})(ClaimsUrlField)


class LinkField(serializers.URLField):
    """An outside address the desk may have left empty: null then, not an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class VerdictSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:verdict-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    claims_url = ClaimsUrlField("verdict")

    class Meta:
        model = Verdict
        fields = [
            "slug",
            "url",
            "html_url",
            "claims_url",
            "label",
            "definition",
            "score",
            "colour",
            "order",
            "published_claims",
        ]
        extra_kwargs = {
            "slug": {"help_text": "The verdict's name in addresses and filters, e.g. mostly-true."},
            "score": {"help_text": "5 (true) to 1 (false); null for off-scale verdicts."},
            "colour": {"help_text": "The badge colour on the site."},
            "order": {"help_text": "Position on the scale, lowest first."},
            "published_claims": {"help_text": "How many published claims have it."},
        }


class VerdictSummarySerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:verdict-detail", lookup_field="slug")

    class Meta:
        model = Verdict
        fields = ["slug", "url", "label", "score"]


class ArticleSummarySerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    link = LinkField(source="url", help_text="Where the outlet published it, if online.")

    class Meta:
        model = Article
        fields = [
            "slug",
            "url",
            "html_url",
            "headline",
            "outlet",
            "link",
            "published_on",
            "language",
        ]
        extra_kwargs = {
            "slug": {"help_text": "The article's permanent address on the site."},
            "published_on": {"help_text": "When the outlet published it, if known."},
            "language": {"help_text": "Language code of the text, e.g. en, fr, it."},
        }


class ArticleSerializer(ArticleSummarySerializer):
    claims_url = ClaimsUrlField("article")

    class Meta(ArticleSummarySerializer.Meta):
        fields = [*ArticleSummarySerializer.Meta.fields, "published_claims", "claims_url"]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]
        extra_kwargs = {
            **ArticleSerializer.Meta.extra_kwargs,
            "body": {"help_text": "The full text, verbatim, headline line included."},
        }


class ClaimantSummarySerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claimant-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    link = LinkField(source="url", help_text="An official page, if any.")

    class Meta:
        model = Claimant
        fields = ["slug", "url", "html_url", "name", "kind", "role", "link"]
        extra_kwargs = {
            "slug": {"help_text": "The claimant's permanent address on the site."},
            "role": {"help_text": "Role at the time of the claims, e.g. President of France."},
        }


class ClaimantSerializer(ClaimantSummarySerializer):
    claims_url = ClaimsUrlField("claimant")

    class Meta(ClaimantSummarySerializer.Meta):
        fields = [*ClaimantSummarySerializer.Meta.fields, "published_claims", "claims_url"]


class SourceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    link = serializers.URLField(source="url", help_text="The source's own address.")
    archive_url = LinkField(help_text="An archived copy, if any.")

    class Meta:
        model = Source
        # Never title_note: the desk's note about the title, not for readers.
        fields = [
            "id",
            "url",
            "link",
            "title",
            "publisher",
            "source_type",
            "published_on",
            "archive_url",
            "accessed_on",
        ]
        extra_kwargs = {
            "title": {"help_text": "The title as published."},
            "accessed_on": {"help_text": "When the desk last read it, if recorded."},
        }


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = Evidence
        fields = ["stance", "source", "excerpt", "note"]


class PublicNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewNote
        fields = ["body", "created_at"]


class CorrectionSerializer(serializers.ModelSerializer):
    previous_verdict = VerdictSummarySerializer(allow_null=True)
    new_verdict = VerdictSummarySerializer(allow_null=True)

    class Meta:
        model = Correction
        fields = ["kind", "text", "created_at", "previous_verdict", "new_verdict"]


class ClaimSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    verdict = VerdictSummarySerializer()
    claimant = ClaimantSummarySerializer(
        allow_null=True, help_text="Empty when the claim is the article's own statement."
    )
    article = ArticleSummarySerializer()
    evidence = EvidenceSerializer(many=True)
    notes = PublicNoteSerializer(
        many=True, source="public_notes", help_text="The editors' public notes."
    )
    corrections = CorrectionSerializer(many=True, help_text="Newest first.")

    class Meta:
        model = Claim
        fields = [
            "slug",
            "url",
            "html_url",
            "claim_reviewed",
            "quote",
            "claim_type",
            "verdict",
            "conclusion",
            "published_at",
            "claimant",
            "article",
            "evidence",
            "notes",
            "corrections",
        ]
        extra_kwargs = {
            "slug": {"help_text": "The claim's permanent address on the site."},
            "quote": {"help_text": "The claim exactly as the article words it."},
            "claim_reviewed": {"help_text": "A short, neutral restatement of what is claimed."},
            "conclusion": {"help_text": "Why the verdict, in one to three sentences."},
            "published_at": {"help_text": "When the desk published its verdict."},
        }
