"""A generated desk file of N claims, to measure `import_article` on a large file (README, "Desk
files"). Deterministic for a given N. The claims name the demo's users (`factchecker` researched
them), so after `manage.py setup_demo`:

    python tools/desk_file_sample.py 10000 > big.json
    python manage.py import_article big.json --as editor
"""

import json
import random
import sys

STATUSES = ["published"] * 6 + ["in_review", "researching", "new"]
VERDICTS = ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading"]


def sample(claims, *, seed=0):
    """A desk file (a dict) of one article with `claims` claims: 1 to 2 sources each out of a
    pool shared between claims, a claimant out of a pool or none, 0 to 2 notes."""
    rng = random.Random(seed)
    claimants = [
        {"name": f"Porte-parole n° {i}", "kind": "person", "role": "Député·e"}
        for i in range(max(1, claims // 50))
    ]
    sources = [
        {
            "url": f"https://sources.example.org/rapport-{i}",
            "title": f"Rapport n° {i} sur l’emploi",
            "publisher": "Institut d’études",
            "source_type": rng.choice(["government", "dataset", "news"]),
            "published_on": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        for i in range(max(1, claims // 10))
    ]
    sentences = [
        f"Selon l’orateur n° {i % 97}, « le chômage a baissé de {i}‰ en un an » à l’échelle "
        f"du département {i}."
        for i in range(claims)
    ]
    body = "Un long compte rendu de séance\n\n" + "\n".join(sentences)
    desk_claims = []
    for i in range(claims):
        status = rng.choice(STATUSES)
        claim = {
            "quote": f"le chômage a baissé de {i}‰ en un an",
            "claimant": rng.choice([None, *claimants[:20]]) if i % 3 else rng.choice(claimants),
            "claim_reviewed": f"Le chômage a baissé de {i}‰ en un an.",
            "claim_type": "number",
            "status": status,
            "verdict": rng.choice(VERDICTS) if status != "new" else None,
            "conclusion": f"Les chiffres officiels donnent {i + 1}‰." if status != "new" else "",
            "researcher": "factchecker",
            "notes": [
                {"body": f"Vérifié contre la série n° {i}.", "visibility": v}
                for v in rng.sample(["internal", "public"], rng.randint(0, 2))
            ],
            "sources": [
                source | {"stance": rng.choice(["supports", "contradicts", "context"])}
                for source in rng.sample(sources, min(len(sources), rng.randint(1, 2)))
            ],
        }
        desk_claims.append(claim)
    return {
        "article": {
            "headline": f"Compte rendu : {claims} affirmations sur l’emploi",
            "outlet": "Bulletin de test",
            "published_on": "2025-10-01",
            "language": "fr",
            "body": body,
        },
        "claims": desk_claims,
    }


if __name__ == "__main__":
    json.dump(sample(int(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
