"""The EU pack (builtin:packs/eu): local-language ad labels (UCPD Annex I point 11, national
guidance) and AI Act Article 50(4) for AI-generated public-interest text.

Examples paraphrased from the German Medienanstalten's Leitfaden (Werbung/Anzeige at the start),
France's loi n° 2023-451 art. 5 (Publicité / Collaboration commerciale), Poland's UOKiK
recommendations (#reklama, in Polish), the Dutch RSM toelichting (#ad, #adv, #spon), and AI Act
Art. 50(4) (invented public-interest posts).
"""

from __future__ import annotations

import pytest

from brandguard import Checker, Post
from brandguard.policy import lint_policy
from brandguard.verdict import Decision
from conftest import checked


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker("builtin:packs/eu")


def verdict(checker: Checker, text: str, **fields):
    """A post in the pack's markets (en-IE) unless the case says otherwise."""
    return checked(checker, text, every_field=True, **{"locale": "en-IE", **fields})


def test_applies_only_in_its_markets() -> None:
    c = Checker("builtin:packs/eu")
    text = "Mein neues Lieblingsserum von @glowco"  # a paid post with no label
    for locale in ("de-DE", "de-AT", "nb-NO"):  # EU and EEA
        assert c.check(text, sponsored=True, locale=locale).blocked, locale
    for locale in ("de-CH", "en-US", "en-GB"):
        assert c.check(text, sponsored=True, locale=locale).findings == [], locale
    assert c.check(text, sponsored=True, locale="en-US", markets=["US", "EU"]).blocked


def test_lints_strict_with_source_and_owner() -> None:
    policy, issues = lint_policy("builtin:packs/eu")
    assert policy is not None
    assert issues == []
    assert {r.id for r in policy.rules} == {
        "eu.advertorial",
        "eu.ai-public-interest",
        "eu.e-cigarettes",
        "eu.prescription-medicine",
        "be.crypto-warning",
        "eu.finance-claim",
        "eu.past-performance",
        "eu.substantiation",
        "eu.gambling",
        "eu.alcohol-health",
        "eu.alcohol-success",
        "de.alcohol-excess",
        "de.hwg-remote-treatment",
        "es.gambling",
        "fr.alcohol",
        "fr.alcohol-health-message",
        "ie.alcohol",
        "ie.alcohol-excess",
        "nl.alcohol",
        "nl.alcohol-excess",
        "nl.alcohol-slogan",
    }
    assert all(r.owner == "legal" and r.source for r in policy.rules)
    # EU-wide rules cite EU law; a national rule (its own markets) cites its national source
    eu_wide = [r for r in policy.rules if r.markets == ["EEA", "GE"]]
    assert len(eu_wide) == 4 and all("eur-lex.europa.eu" in (r.source or "") for r in eu_wide)
    # EU law that does not reach Georgia: investment firms (MiFID II, MiCA) and gambling
    eea = {r.id: r.source for r in policy.rules if r.markets == ["EEA"]}
    assert eea == {
        "eu.finance-claim": "https://eur-lex.europa.eu/eli/dir/2014/65/oj",
        "eu.past-performance": "https://eur-lex.europa.eu/eli/reg_del/2017/565/oj",
        "eu.substantiation": "https://eur-lex.europa.eu/eli/reg/2013/655/oj",
        "eu.gambling": "http://data.europa.eu/eli/reco/2014/478/oj",
        "eu.alcohol-health": "https://eur-lex.europa.eu/eli/reg/2006/1924/oj",
        "eu.alcohol-success": "https://eur-lex.europa.eu/eli/dir/2010/13/oj",
    }
    national = {
        r.id: (r.markets, r.source)
        for r in policy.rules
        if r.markets not in (["EEA", "GE"], ["EEA"])
    }
    assert national == {
        "be.crypto-warning": (["BE"], "https://www.nieuwsblad.be/cnt/dmf20230320_93183212"),
        "de.alcohol-excess": (
            ["DE"],
            "https://werberat.de/leitfaden-zum-werbekodex-des-deutschen-werberats/alkoholhaltige-getraenke/missbraeuchlicher-konsum/",
        ),
        "de.hwg-remote-treatment": (["DE"], "https://www.gesetze-im-internet.de/heilmwerbg/__9.html"),
        "es.gambling": (["ES"], "https://www.boe.es/buscar/act.php?id=BOE-A-2020-13495"),
        "fr.alcohol": (
            ["FR"],
            "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006072665/articles/LEGIARTI000006688013",
        ),
        "fr.alcohol-health-message": (
            ["FR"],
            "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006688013",
        ),
        "ie.alcohol": (["IE"], "https://www.asai.ie/asaicode/"),
        "ie.alcohol-excess": (["IE"], "https://www.asai.ie/asaicode/"),
        "nl.alcohol": (
            ["NL"],
            "https://stiva.nl/alcoholcode/richtlijnen-horecapromoties-artikel-8-sociaal-enof-seksueel-succes/",
        ),
        "nl.alcohol-excess": (
            ["NL"],
            "https://www.reclamecode.nl/webuitspraak.asp?ID=30513&acCode",
        ),
        "nl.alcohol-slogan": (["NL"], "https://stiva.nl/alcoholcode/educational-slogan/"),
    }


def paid(locale: str, platform: str = "instagram") -> dict:
    return {"platform": platform, "sponsored": True, "locale": locale}


FIRES = [
    # Medienanstalten: "#ad" alone on a German post is not enough
    (
        "#ad Mein neues Lieblingsserum von @glowco, Code GLOW20",
        paid("de-DE"),
        "eu.advertorial.language",
        "#ad",
    ),
    (
        "Mein neues Lieblingsserum von @glowco! Code GLOW20",
        paid("de-DE"),
        "eu.advertorial.missing",
        "Mein neues Lieblingsserum von @glowco!",
    ),
    (
        "Mein neues Lieblingsserum von @glowco #kooperation",
        paid("de-AT"),
        "eu.advertorial.inadequate",
        "#kooperation",
    ),
    # loi 2023-451: "Publicité" or "Collaboration commerciale"
    (
        "#sponsored Mon nouveau sérum préféré @glowco",
        paid("fr-FR"),
        "eu.advertorial.language",
        "#sponsored",
    ),
    (
        "Mon nouveau sérum préféré @glowco #partenariat",
        paid("fr-BE"),
        "eu.advertorial.inadequate",
        "#partenariat",
    ),
    # UOKiK: in Polish on a Polish profile
    ("#ad Moje nowe ulubione serum od @glowco", paid("pl-PL"), "eu.advertorial.language", "#ad"),
    # Georgian post with an English label
    ("#ad ჩემი ახალი შრატი @glowco-სგან", paid("ka-GE"), "eu.advertorial.language", "#ad"),
    # Spanish, Italian, Portuguese posts with no label
    (
        "Mi nuevo sérum favorito de @glowco, código GLOW20",
        paid("es-ES"),
        "eu.advertorial.missing",
        "Mi nuevo sérum favorito de @glowco, código GLOW20",
    ),
    (
        "Il mio nuovo siero preferito di @glowco #spon",
        paid("it-IT"),
        "eu.advertorial.inadequate",
        "#spon",
    ),
    # AI Act Art. 50(4): AI-generated public-interest text, not reviewed, no disclosure
    (
        "The European elections are on 9 June. Here is how to register to vote.",
        {"platform": "x", "ai_generated": True},
        "eu.ai-public-interest",
        "elections",
    ),
    (
        "Die Bundestagswahlen finden am Sonntag statt: so finden Sie Ihr Wahllokal.",
        {"platform": "x", "ai_generated": True, "locale": "de-DE"},
        "eu.ai-public-interest",
        "Bundestagswahlen",
    ),
    (
        "La campagne de vaccination contre la grippe commence lundi.",
        {
            "platform": "facebook",
            "ai_generated": True,
            "locale": "fr-FR",
            "metadata": {"human_reviewed": False},
        },
        "eu.ai-public-interest",
        "vaccination",
    ),
]


@pytest.mark.parametrize(("text", "fields", "rule", "excerpt"), FIRES)
def test_fires(checker: Checker, text: str, fields: dict, rule: str, excerpt: str) -> None:
    v = verdict(checker, text, **fields)
    hits = [f for f in v.findings if f.rule == rule]
    assert hits, [(f.rule, f.excerpt) for f in v.findings]
    assert excerpt in [h.excerpt for h in hits]
    assert v.decision is Decision.BLOCK


def test_ai_fix_prepends_disclosure(checker: Checker) -> None:
    text = "The European elections are on 9 June."
    v = verdict(checker, text, platform="x", ai_generated=True)
    fix = v.findings[0].fix
    assert fix is not None and fix.start == 0 and fix.replacement == "AI-generated: "
    again = checker.check(
        Post(text=fix.replacement + text, platform="x", ai_generated=True, locale="en-IE")
    )
    assert again.decision is Decision.PASS


def test_language_fix_uses_local_label(checker: Checker) -> None:
    v = verdict(checker, "#ad Mein neues Lieblingsserum von @glowco", **paid("de-DE"))
    assert v.findings[0].fix is not None
    assert v.findings[0].fix.replacement.startswith("Werbung | ")


PASSES = [
    ("Werbung | Mein neues Lieblingsserum von @glowco", paid("de-DE")),
    ("Anzeige: Mein neues Lieblingsserum von @glowco", paid("de-CH")),
    ("Publicité — Mon nouveau sérum préféré @glowco", paid("fr-FR")),
    ("Collaboration commerciale avec @glowco : mon nouveau sérum", paid("fr-FR")),
    ("#publicidad Mi nuevo sérum favorito de @glowco", paid("es-ES")),
    ("Pubblicità | Il mio nuovo siero preferito di @glowco", paid("it-IT")),
    ("#adv Mijn nieuwe favoriete serum van @glowco", paid("nl-NL")),
    ("#reklama Moje nowe ulubione serum od @glowco", paid("pl-PL")),
    ("#publicidade O meu novo sérum favorito da @glowco", paid("pt-PT")),
    ("#რეკლამა ჩემი ახალი შრატი @glowco-სგან", paid("ka-GE")),
    ("#ad My new favourite serum from @glowco", paid("en-IE")),
    # AI Act: disclosed, reviewed, or not public interest
    (
        "AI-generated: The European elections are on 9 June.",
        {"platform": "x", "ai_generated": True},
    ),
    (
        "KI-generiert: Die Bundestagswahlen finden am Sonntag statt.",
        {"platform": "x", "ai_generated": True, "locale": "de-DE"},
    ),
    (
        "The European elections are on 9 June.",
        {"platform": "x", "ai_generated": True, "metadata": {"human_reviewed": True}},
    ),
    (
        "Our summer menu is here: try the peach and burrata salad!",
        {"platform": "x", "ai_generated": True},
    ),
    (
        "Große Auswahl an neuen Düften im Shop!",
        {"platform": "x", "ai_generated": True, "locale": "de-DE"},
    ),
    ("The European elections are on 9 June.", {"platform": "x", "ai_generated": False}),
]


@pytest.mark.parametrize(("text", "fields"), PASSES)
def test_near_misses_pass(checker: Checker, text: str, fields: dict) -> None:
    v = verdict(checker, text, **fields)
    assert v.decision is Decision.PASS, [(f.rule, f.excerpt) for f in v.findings]


def test_loi_evin_allows_only_objective_information() -> None:
    """Code de la santé publique L3323-4: an alcohol ad in France may state degree, origin,
    composition, taste; friendship, parties or success go to review. Only in France, only
    next to a drink."""
    c = Checker("builtin:packs/eu")
    social = "Un rosé à partager entre amis pour les soirées d'été !"
    v = c.check(social, locale="fr-FR")
    # and L3323-4's health message is missing
    assert {f.rule for f in v.findings} == {"fr.alcohol", "fr.alcohol-health-message"}
    assert v.decision.value == "review"
    warned = social + " L'abus d'alcool est dangereux pour la santé."
    assert {f.rule for f in c.check(warned, locale="fr-FR").findings} == {"fr.alcohol"}
    assert all(social[f.start : f.end] == f.excerpt for f in v.findings)
    objective = (
        "Notre rosé de Provence, 12,5 % vol., notes de pêche et d'agrumes. "
        "L'abus d'alcool est dangereux pour la santé, à consommer avec modération."
    )
    assert c.check(objective, locale="fr-FR").findings == []
    assert c.check("Partagez vos recettes de soupe avec vos amis !", locale="fr-FR").findings == []
    assert c.check(social, locale="fr-BE").findings == []  # Belgium has its own code


def test_the_dutch_alcohol_code_rules_out_health_success_and_drunkenness() -> None:
    """Reclamecode voor Alcoholhoudende dranken: no health or slimming suggestion (RCC
    2023/00604), no social success (art. 8), no drunkenness (art. 1, 'Alcoholist van de
    week'). Health and success words need a drink; drunkenness needs nothing else. Only in
    the Netherlands."""
    c = Checker("builtin:packs/eu")
    healthy = "Onze nieuwe hard seltzer is laag in calorieën en past in een gezonde levensstijl."
    v = c.check(healthy, locale="nl-NL")
    # and RvA art. 33's 'Geen 18, geen alcohol' is missing
    assert {f.rule for f in v.findings} == {"nl.alcohol", "nl.alcohol-slogan"}
    assert v.decision.value == "review"
    assert all(healthy[f.start : f.end] == f.excerpt for f in v.findings)
    drunk = "Wie was er gisteren het meest dronken? Die krijgt een gratis entree!"
    assert {f.rule for f in c.check(drunk, locale="nl-NL").findings} == {"nl.alcohol-excess"}
    objective = (
        "Ons witbier: fris, kruidig, 5,2% alcohol, gebrouwen in Utrecht. Geniet, maar drink met "
        "mate. Geen 18, geen alcohol."
    )
    assert c.check(objective, locale="nl-NL").findings == []
    assert c.check("Een gezonde lunch met verse groenten!", locale="nl-NL").findings == []
    assert c.check(healthy, locale="nl-BE").findings == []  # Belgium has its own code


def test_a_dutch_collaboration_named_in_the_post_is_a_disclosure() -> None:
    """The SRC's influencer guide: 'Betaald partnerschap met [merk]', 'Gekregen van @merk'."""
    c = Checker("builtin:packs/eu")
    for text in (
        "Betaald partnerschap met @glowco: mijn nieuwe favoriete serum!",
        "Gekregen van @glowco: mijn nieuwe favoriete serum!",
    ):
        assert not c.check(text, sponsored=True, locale="nl-NL").blocked, text
    assert c.check(
        "Mijn nieuwe favoriete serum van @glowco!", sponsored=True, locale="nl-NL"
    ).blocked


def test_investment_promises_are_blocked_in_the_posts_language() -> None:
    """MiFID II Art. 24(3), Delegated Reg. 2017/565 Art. 44(2)(b), MiCA Art. 7(1): no
    guaranteed or risk-free return, in any EEA language; a deposit stated with its guarantee
    scheme (Directive 2014/49/EU) and a plain 'earn money' are not promises."""
    c = Checker("builtin:packs/eu")
    for text, locale in (
        ("Hohe Rendite ohne Risiko.", "de-DE"),
        ("Un rendement élevé sans aucun risque.", "fr-FR"),
        ("Alta rentabilidad sin riesgo.", "es-ES"),
        ("Rendimenti alti senza rischi.", "it-IT"),
        ("Hoog rendement zonder risico.", "nl-NL"),
        ("Guaranteed returns on your investment.", "en-IE"),
    ):
        v = c.check(text, locale=locale)
        assert v.blocked and {f.rule for f in v.findings} == {"eu.finance-claim.promise"}, text
        assert all(text[f.start : f.end] == f.excerpt for f in v.findings)
    for text, locale in (
        ("Sichere Geldanlage: Tagesgeld mit Einlagensicherung bis 100.000 Euro.", "de-DE"),
        ("Livret A : un placement sans risque, garanti par l'État.", "fr-FR"),
        ("Paris, je t'aime. Gagner de l'argent ici c'est dur.", "fr-FR"),
        ("Come guadagnare con un blog: la nostra guida.", "it-IT"),
    ):
        assert c.check(text, locale=locale).findings == [], text
    # not Georgia, and not Great Britain (uk-fca's fca.misleading covers it)
    assert c.check("Hohe Rendite ohne Risiko.", locale="de-DE", markets=["GE"]).findings == []
    assert c.check("Guaranteed returns on your investment.", locale="en-GB").findings == []


def test_gambling_may_not_promise_a_win_or_press_to_play() -> None:
    """Commission Recommendation 2014/478/EU: no unfounded statements about the chances of
    winning and no pressure to gamble (the RCC's 'hard not to win' at a casino; Autocontrol's
    repeated 'apuesta'); a gambling word is needed, and a safer-gambling post passes."""
    c = Checker("builtin:packs/eu")
    for text, locale in (
        ("Zoveel extra prijzen in ons casino dat het moeilijk is om niet te winnen.", "nl-NL"),
        ("Apuesta, apuesta, apuesta: la final es esta noche.", "es-ES"),
        ("Im Online-Casino garantiert gewinnen!", "de-DE"),
        ("Paris sportifs : gagner à coup sûr avec nos pronostics.", "fr-FR"),
    ):
        v = c.check(text, locale=locale)
        assert v.blocked and "eu.gambling" in {f.rule for f in v.findings}, text
    for text, locale in (
        ("Speel bewust. De Staatsloterij: 18+.", "nl-NL"),
        ("Our casino night raises money for charity. 18+ Play responsibly.", "en-IE"),
        ("Speel, speel, speel! Onze nieuwe speeltuin is open.", "nl-NL"),
        ("Es ist kaum zu glauben, wie leicht unser Brot gelingt.", "de-DE"),
    ):
        assert c.check(text, locale=locale).findings == [], text


def test_no_health_claim_for_alcohol_and_no_blackout_drinking_in_germany() -> None:
    """Reg. 1924/2006 Art. 4(3): no health claim for a drink over 1.2% (the BGH's 'bekömmlich',
    a diabetes-risk claim), needing a drink word; broad words ('healthy', 'gut für') and the
    toast 'Santé' are no claim. The Deutscher Werberat's rules: no blackout or binge drinking."""
    c = Checker("builtin:packs/eu")
    for text, locale in (
        ("Unser Bier: bekömmlich und frisch.", "de-DE"),
        ("Wer mäßig Wein trinkt, verringert das Risiko für Diabetes.", "de-DE"),
        ("Un bicchiere di vino rosso fa bene alla salute.", "it-IT"),
    ):
        v = c.check(text, locale=locale)
        assert v.blocked and "eu.alcohol-health" in {f.rule for f in v.findings}, text
    for text, locale in (
        ("Gut für die Umwelt: unsere Bierflaschen sind zu 100 % recycelt.", "de-DE"),
        ("Ein gesundes Frühstück mit Obst und Joghurt.", "de-DE"),
        ("Santé ! Notre vin rouge du Languedoc.", "fr-FR"),
        ("Bekömmliches Vollkornbrot, frisch gebacken.", "de-DE"),
    ):
        assert not [
            f for f in c.check(text, locale=locale).findings if f.rule == "eu.alcohol-health"
        ], text
    v = c.check(
        "Freitag ist wieder Absturzgefahr: ein Getränk bestellen, zwei bekommen!", locale="de-DE"
    )
    assert {f.rule for f in v.findings} == {"de.alcohol-excess"} and v.decision.value == "review"
    assert c.check("Freitag: ein Getränk bestellen, zwei bekommen!", locale="de-DE").findings == []


@pytest.mark.parametrize(
    ("text", "locale", "rule", "fixed_tail"),
    [
        ("Ons nieuwe speciaalbier is er!", "nl-NL", "nl.alcohol-slogan", " Geen 18, geen alcohol."),
        ("Découvrez notre nouveau vin rouge.", "fr-FR", "fr.alcohol-health-message",
         " L'abus d'alcool est dangereux pour la santé, à consommer avec modération."),
    ],
)
def test_alcohol_ads_carry_their_mandatory_message(
    checker: Checker, text: str, locale: str, rule: str, fixed_tail: str
) -> None:
    v = checker.check(Post(text=text, locale=locale))
    assert [f.rule for f in v.findings] == [rule]
    assert v.decision is Decision.REVIEW
    fixed = v.apply_fixes(text)
    assert fixed == text + fixed_tail
    # the fixed text passes: the message is what the rule asks for
    assert checker.check(Post(text=fixed, locale=locale)).decision is Decision.PASS


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Ons speciaalbier van de tap. Geen 18, geen alcohol.", "nl-NL"),
        ("Nieuw: ons alcoholvrije bier 0.0%", "nl-NL"),
        ("Mijn nieuwe rose gouden horloge", "nl-NL"),  # rose gold is not rosé
        ("Un bouquet de roses pour la fête des mères", "fr-FR"),
        ("Ons speciaalbier is er!", "de-DE"),  # the Dutch code applies to posts for NL
    ],
)
def test_alcohol_messages_not_asked_of_other_posts(checker: Checker, text: str, locale: str) -> None:
    v = checker.check(Post(text=text, locale=locale))
    assert not [f for f in v.findings if f.rule in {"nl.alcohol-slogan", "fr.alcohol-health-message"}]
