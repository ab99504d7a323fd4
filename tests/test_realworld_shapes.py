"""Shapes learnt from the sixth round of real-world development cases (evals/datasets/realworld
extra-dev-us5 and extra-dev-eu5), across packs, with the all-markets policy. Texts are written
for these tests, not copied from the rulings."""

from __future__ import annotations

import pytest

from conftest import decide_all_markets as decide


@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        # HWG s.9: diagnosis and sick notes by app (BGH I ZR 146/20)
        ("Krankschreibung und Rezept bequem per Video, ohne Wartezimmer.", "de-DE", "review",
         "de.hwg-remote-treatment"),
        # a drink by its brand, for the Loi Evin's health message
        ("Smirnoff, l'esprit de la fête.", "fr-FR", "review", "fr.alcohol-health-message"),
        # CAP 18.4: the drink as what makes the night
        ("Baileys: for the best night of your life.", "en-GB", "review", "cap.alcohol"),
        ("Unlimited cider refills all weekend!", "en-GB", "review", "cap.alcohol"),
        # RVA: a quantity of beer as the prize
        ("Win je gewicht in pils bij ons café!", "nl-NL", "review", "nl.alcohol-excess"),
        # CAP 8.17: a prize for a contest's winner
        ("For £2 you could be walking away with a £500 spa voucher.", "en-GB", "review",
         "cap.prize-promotion-closing-date"),
        # FINRA 2210(d)(1)(F): a target the holder sells at
        ("I'm holding until this stock hits $120.", "en-US", "block", "finance.projection"),
        # FTC income claims
        ("A method anyone can use to make money online.", "en-US", "review", "finance.income-claim"),
        ("Our signals deliver consistent profits.", "en-US", "review", "finance.income-claim"),
        # Regulation FD / 10b-5: an operating claim stated as certain
        ("Our orders are guaranteed for the next three years.", "en-US", "review",
         "finance.corporate-disclosure"),
        # CAP 3.7 / FTC: a measured comparison with no evidence
        ("Our serum is 3x more effective than retinol.", "en-GB", "review", "cap.substantiation"),
        # the researchers who made a product do not make its claim a charity's
        ("Desarrollado por investigadores, este té cura la gripe.", "es-ES", "block",
         "nhcr.health-claim.disease"),
        # Reg. 1924/2006 Art. 10: sleep, with 'help achieve'
        ("Our drops help achieve a deeper sleep.", "en-IE", "review", "nhcr.health-claim.function"),
        # Reg. 1924/2006 Art. 10(3): a general benefit for health, with no authorised claim
        ("Il nostro olio di pesce è fondamentale per la salute.", "it-IT", "review",
         "nhcr.health-claim.function"),
        ("Notre magnésium est indispensable à la santé.", "fr-FR", "review", "nhcr.health-claim.function"),
        ("Zink ist lebensnotwendig.", "de-DE", "review", "nhcr.health-claim.function"),
    ],
)
def test_round_six_shapes_are_caught(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert rule in rules, rules
    assert got == decision, rules


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Mijn nieuwe rosé gouden horloge.", "nl-NL"),
        ("For the sake of our planet, we ship plastic-free.", "en-GB"),
        ("Unlimited data on every plan this month.", "en-GB"),
        ("Our researchers are proud of this year's harvest.", "en-GB"),
        ("Termine in der Praxis jetzt per App buchen.", "de-DE"),
        ("Our sales grew in every market this year.", "en-US"),
        ("The stock photo library now has 10,000 images.", "en-US"),
        ("Hendrick's. Refreshingly curious.", "en-GB"),
        ("La nostra polizza è fondamentale per il benessere della tua famiglia.", "it-IT"),
        ("Vertrauen ist lebenswichtig für jede Partnerschaft.", "de-DE"),
    ],
)
def test_round_six_near_misses_pass(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "pass", rules


@pytest.mark.parametrize(
    ("text", "locale", "fires"),
    [
        # the register's wording for a nutrient it does not authorise it for
        ("Biotin contributes to the maintenance of normal nails.", "en-GB", True),
        ("Glucose contributes to normal energy-yielding metabolism.", "en-GB", True),
        ("La biotine contribue au maintien d'ongles normaux.", "fr-FR", True),
        ("Collagen contributes to the maintenance of normal skin.", "en-IE", True),
        # ... and for one it does
        ("Zinc contributes to the maintenance of normal nails.", "en-GB", False),
        ("Biotin contributes to the maintenance of normal hair.", "en-GB", False),
        ("With collagen and zinc. Zinc contributes to the maintenance of normal skin.", "en-GB", False),
        ("La vitamine C contribue au fonctionnement normal du système immunitaire.", "fr-FR", False),
        # no nutrient named in the sentence: the reviewer reads the label
        ("Contributes to the normal function of the immune system.", "en-GB", False),
    ],
)
def test_an_authorised_wording_holds_only_for_its_nutrients(text: str, locale: str, fires: bool) -> None:
    got, rules = decide(text, locale)
    hit = any(r.endswith("health-claim.function") for r in rules)
    assert hit is fires, rules
    assert got == ("review" if fires else "pass"), rules


# --- round seven (extra-dev-us6): an OTC drug's use, the FDA model claims, ingredient-for-disease
@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        # 16 CFR 255.3: a class of experts said to recommend it needs a survey
        ("Our lozenges: #1 Pharmacist Recommended.", "en-US", "review", "ftc.expert-endorsement"),
        ("The No. 1 pediatrician-recommended brand of diaper cream.", "en-US", "review",
         "ftc.expert-endorsement"),
        ("9 out of 10 dentists recommend our floss.", "en-US", "review", "ftc.expert-endorsement"),
        # superiority or parity with no head-to-head data
        ("Nothing works faster than our gel.", "en-US", "review", "health.substantiation"),
        # an ingredient for a disease, in a hashtag too (FDA: intended use)
        ("#CBDforArthritis", "en-US", "block", "health.claim.disease"),
        ("Turmeric for joint pain: try our capsules.", "en-US", "block", "health.claim.disease"),
        # nail fungus, infection, blocking a virus
        ("Our serum cures toenail fungus in weeks.", "en-US", "block", "health.claim.disease"),
        ("Zinc blocks the virus, full stop.", "en-US", "block", "health.claim.disease"),
        ("Take it daily for less chance of getting infected.", "en-US", "block", "health.claim.disease"),
        # DSSRC Earnings Claims Guidance s. 5(A)
        ("This business gave me more money than I ever imagined!", "en-US", "review",
         "finance.income-claim"),
        # a topic, then the effect said of it: implied, so review
        ("Bloated? Not anymore. Our gut drink fixes it in days.", "en-GB", "review",
         "cap.health-claim.function"),
        ("Grippe: Wie Sie sich mit Pilzen schützen können", "de-DE", "review",
         "nhcr.health-claim.disease"),
        ("Headaches? Our glasses reduce them.", "en-GB", "review", "cap.health-claim.disease"),
        # a question about the target, in the words advertisers use
        ("Struggling to sleep? Our gummies are the answer.", "en-GB", "review",
         "cap.health-claim.function"),
        ("Can't sleep? Try our night drops.", "en-GB", "review", "cap.health-claim.function"),
        # a testimonial with an adverb before its effect
        ("My joint pain has completely disappeared since starting these capsules.", "en-GB",
         "block", "cap.health-claim.disease"),
        ("Our CBD balm takes care of period cramps.", "en-GB", "block", "cap.health-claim.disease"),
        # a drug therapy dropped for the product (21 CFR 101.93(g)(2)(v))
        ("Ditch the painkillers and try our turmeric shots.", "en-US", "block",
         "health.implied-disease-claim"),
        # CAP 13.10 / Reg. 1924/2006 Art. 12(b): an amount, in sizes and with the verb last
        ("Drop a dress size in 3 weeks with our shakes!", "en-GB", "block", "cap.weight-loss.amount"),
        ("Mit unserem Shake 5 Kilo in 2 Wochen abnehmen.", "de-DE", "block", "nhcr.weight-loss.amount"),
        # a supplement sold as a GLP-1 drug
        ("Ozempic results without the needle: try our GLP-1 gummies.", "en-US", "block",
         "health.glp1-lookalike"),
        ("Meet nature's Ozempic: berberine.", "en-US", "block", "health.glp1-lookalike"),
        # CAP 18.2-18.6 and AVMSD Art. 22: the drink as the fix, the confidence or the success
        ("Monday got you down? Nothing a cold cider can't fix.", "en-GB", "review", "cap.alcohol"),
        ("Feeling shy? A glass of our prosecco will bring out the real you.", "en-GB", "review",
         "cap.alcohol"),
        ("Beer o'clock at the office! Cheers to Friday.", "en-GB", "review", "cap.alcohol"),
        ("Mit unserem Bier wirst du der Star jeder Party.", "de-DE", "review", "eu.alcohol-success"),
        ("Con nuestra cerveza, ligar es más fácil.", "es-ES", "review", "eu.alcohol-success"),
        ("Il nostro vino ti fa dimenticare i problemi.", "it-IT", "review", "eu.alcohol-success"),
        # CAP 16.3: gambling as a way out of work or debt, or to win losses back
        ("Lost your job? Try our slots and win it back.", "en-GB", "block", "cap.gambling"),
        ("Pay off your credit card with one lucky spin!", "en-GB", "block", "cap.gambling"),
        # CAP 8.17: a gambling incentive without its significant conditions
        ("Free spins for everyone who signs up today!", "en-GB", "review", "cap.gambling-offer-terms"),
        # COBS 4.2.1R: capital said to be safe; a rate with its period promised
        ("Get 10% returns with our bond. Your money is safe with us.", "en-GB", "block",
         "fca.misleading.promise"),
        ("Your money is safe with us, guaranteed 8% a year.", "en-US", "block", "finance.claim.promise"),
        # German word order and separable verbs: the effect before its target, or split
        ("Mit unseren Kapseln purzeln die Pfunde.", "de-DE", "review", "nhcr.weight-loss.function"),
        ("Fettverbrennung im Schlaf – mit unserem Nachtdrink.", "de-DE", "review",
         "nhcr.weight-loss.function"),
        ("Unsere Tropfen beugen Infekten vor.", "de-DE", "block", "nhcr.health-claim.disease"),
        ("Nie mehr Kopfschmerzen – dank Magnesium von uns.", "de-DE", "block", "nhcr.health-claim.disease"),
        # gambling as the road to riches, in Dutch and German
        ("Gokken is de snelste weg naar rijkdom. Speel nu!", "nl-NL", "block", "eu.gambling"),
        ("Mit unserem Casino-Bonus wirst du zum Gewinner.", "de-DE", "block", "eu.gambling"),
        # CAP 13.10: an amount as clothes sizes or inches
        ("From a size 16 to a size 10 in four months with our shakes!", "en-GB", "block",
         "cap.weight-loss.amount"),
        ("Inch loss wraps: see results after one session.", "en-GB", "block", "cap.weight-loss.amount"),
        # FTC Gut Check: no diet, no exercise; weight lost by wearing or rubbing on a product
        ("Burns 500 extra calories a day while you sit at your desk.", "en-US", "block",
         "health.weight-loss-gut-check"),
        ("Lose weight without giving up your favorite foods.", "en-US", "block",
         "health.weight-loss-gut-check"),
        ("Melt stubborn belly fat with our cream.", "en-US", "block", "health.weight-loss-gut-check"),
        # a drug as what the product is, or replaced by it (21 CFR 101.93(g)(2)(iv)-(v))
        ("Our tincture is a natural Xanax.", "en-US", "block", "health.implied-disease-claim"),
        ("This supplement can replace your blood pressure meds.", "en-US", "block", "health.implied-disease-claim"),
        ("Say goodbye to your inhaler with our breathing drops.", "en-US", "block", "health.implied-disease-claim"),
        # testimonials and praise said of a disease
        ("Best thing for my kid's ear infections!", "en-US", "block", "health.claim.disease"),
        ("Knocked out my cold in a day!", "en-US", "block", "health.claim.disease"),
        ("Doctors are stunned: this spice melts away diabetes.", "en-US", "block", "health.claim.disease"),
        # FTC Gut Check: weight loss with no diet or exercise
        ("Drink this tea and watch the pounds melt off, no exercise needed.", "en-US", "block",
         "health.weight-loss-gut-check"),
    ],
)
def test_round_seven_shapes_are_caught(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision and rule in rules, (got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # an OTC drug states its labelled use: the reviewer's call, not a block
        ("Brand OTC works to stop heartburn for 24 hours. It is indicated for a 14-day course.",
         "en-US", "review"),
        ("Our allergy nasal spray is the most effective treatment for hay fever.", "en-US", "review"),
        # the FDA's model health claim ends with its mechanism (21 CFR 101.81)
        ("Diets low in saturated fat that include 7 grams of soluble fiber per day from psyllium "
         "husk, as in this cereal, may reduce the risk of heart disease by lowering cholesterol.",
         "en-US", "pass"),
        # ... but the model claim's form does not cover the next sentence
        ("Our fiber may reduce the risk of heart disease. It also cures diabetes.", "en-US", "block"),
        # an ingredient for something that is not a disease
        ("Olive oil for cooking, tea for two.", "en-US", "pass"),
        ("#NHSforAll", "en-GB", "pass"),
    ],
)
def test_round_seven_lawful_forms(text: str, locale: str, decision: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, rules


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Cancer: what you need to know. Read our guide to screening.", "en-GB"),
        ("Flu: get your jab at our pharmacy to protect yourself.", "en-GB"),
        ("Stress? Our new spa weekend is the perfect escape.", "en-GB"),
        ("Anxiety? Talk to someone. Our helpline is free and open 24/7.", "en-GB"),
        ("Can't decide? Our gift cards fix that.", "en-GB"),
        ("Between sizes? Drop down a size for a snug fit.", "en-GB"),
        ("These jeans run small, so go up a size.", "en-GB"),
        ("Our GLP-1 research team publishes its trial results today.", "en-US"),
        ("Bingo night at the pub! Pay at the bar, credit cards accepted.", "en-GB"),
        ("Live music all night at our pub, craft beer on tap.", "en-GB"),
        ("Our legendary Sunday roast, with a pint of our best bitter.", "en-GB"),
        ("Don't be shy, pop in for a pint and say hello.", "en-GB"),
        ("Match day! Watch the game at our pub with a cold pint.", "en-GB"),
        ("Bet £10, get £30 in free bets. New customers only. 18+. T&Cs apply.", "en-GB"),
        ("Unser neues Helles: mild, süffig, aus Bayern.", "de-DE"),
        ("Nuestra cerveza artesana, elaborada en Madrid. Bebe con moderación.", "es-ES"),
        ("Your money is protected by the FSCS up to £85,000.", "en-GB"),
        ("Your data is safe with us: we never sell it.", "en-GB"),
        ("Our savings account pays 4.5% a year, FDIC insured.", "en-US"),
        ("Nie mehr Stau: unsere App zeigt die schnellste Route.", "de-DE"),
        ("Onze rijkdom aan smaken: 20 soorten kaas.", "nl-NL"),
        ("Ganz ohne Diät? Unser Kochbuch zeigt leichte Rezepte.", "de-DE"),
        ("Our new body lotion smells amazing and melts into your skin.", "en-US"),
        ("This heating pad melts away tension after a long day.", "en-US"),
        ("Tone your arms with our new resistance bands.", "en-GB"),
        ("Shrink your screen time with our focus app.", "en-GB"),
        ("Our tummy-friendly porridge is gentle on your stomach.", "en-GB"),
        # the weather, not the illness; a diary, not an adviser
        ("Fight the cold this winter with our thermal jackets.", "en-US"),
        ("Wrap up against the cold with our new scarves.", "en-US"),
        ("This scarf is great for cold days.", "en-US"),
        ("Our planner is the best thing for busy parents.", "en-US"),
        ("Our boxer knocked out the champ in round two.", "en-US"),
        ("Snow melts away by noon; our shovels are 20% off.", "en-US"),
        ("This app is great for meetings.", "en-US"),
    ],
)
def test_round_seven_near_misses_pass(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "pass", rules


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # CAP 12.12: unlicensed or prescription-only injections promoted to the public
        ("Lemon Bottle fat dissolving, £80 per session.", "block"),
        ("Fat dissolving injections: say bye to your double chin.", "block"),
        ("Hay fever? Get the Kenalog injection at our clinic.", "block"),
        # ... not a dish soap's fat-dissolving power
        ("Our new dish soap: fat dissolving power for greasy pans.", "pass"),
    ],
)
def test_round_seven_prescription_only_injections(text: str, decision: str) -> None:
    got, rules = decide(text, "en-GB")
    assert got == decision, rules
    assert (decision == "block") == ("cap.prescription-medicine" in rules), rules


@pytest.mark.parametrize(
    ("text", "sector", "decision", "rule"),
    [
        # CAP 16.3.12: a bookmaker's post featuring a person of strong appeal to under-18s
        ("How does @champboxer stay in shape? Hear from him on tonight's show.", "gambling", "review",
         "cap.gambling-under18-appeal"),
        ("A huge weekend for Sir Lewis Hamilton at Silverstone.", "gambling", "review",
         "cap.gambling-under18-appeal"),
        ("Our new slot is pure cuteness!", None, "review", "cap.gambling-under18-appeal"),
        # CAP 16.3.4: money worries solved, from an account that never says 'bet'
        ("Mortgage? What mortgage? Two chances to win £100k.", "gambling", "block", "cap.gambling"),
        # CAP 18.6 and AVMSD Art. 22 from a brewer's account
        ("Hilft in Sekunden – wirkt für Stunden.", "alcohol", "review", "eu.alcohol-success"),
    ],
)
def test_the_accounts_sector_is_context(text: str, sector: str | None, decision: str, rule: str) -> None:
    locale = "de-DE" if "Hilft" in text else "en-GB"
    got, rules = decide(text, locale, metadata={"sector": sector} if sector else {})
    assert got == decision and rule in rules, (got, rules)
    if sector:  # the same words from an account of another sector: no finding of that rule
        got, rules = decide(text, locale, metadata={"sector": "retail"})
        assert rule not in rules, rules


@pytest.mark.parametrize(
    "text",
    [
        "Arsenal v Chelsea tonight: Arsenal 2/1, Chelsea 3/1. 18+ BeGambleAware.",
        "Bet £10, get £30 in free bets. New customers only. 18+. T&Cs apply.",
    ],
)
def test_a_bookmakers_plain_odds_pass(text: str) -> None:
    got, rules = decide(text, "en-GB", metadata={"sector": "gambling"})
    assert got == "pass", rules


@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        # round eight (extra-dev-us7, extra-dev-eu7): what a product makes diseased cells do
        ("Our oil makes tumour cells self-destruct.", "en-US", "block", "health.claim.disease"),
        ("Our prices shrank this week: 20% off every cream.", "en-US", "pass", ""),
        # an account said to cost nothing in fees (Reg DD 12 CFR 1030.8(a)(2)), for review
        ("Bank with us and say goodbye to hidden fees.", "en-US", "review", "finance.fee-free-claim"),
        ("Free checking: open your account in minutes.", "en-US", "review", "finance.fee-free-claim"),
        # a token's promised value at a date
        ("Each token will be redeemable for $5 in 12 months.", "en-US", "block", "finance.projection"),
    ],
)
def test_round_eight_shapes(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision and (not rule or rule in rules), (got, rules)


@pytest.mark.parametrize(
    ("text", "sponsored"),
    [
        # the fees' exceptions stated; a restaurant's fees are not an account's
        ("No hidden fees: no monthly or overdraft fees. Out-of-network ATM fees may apply.", None),
        ("Our new menu has no hidden fees and no tipping required!", None),
        # an affiliate's commission said in words, and TikTok Shop's automated label
        ("Love these shoes. I earn a commission if you buy through my link.", True),
        ("Cleaning spray on TikTok Shop. Creator earns commission", True),
    ],
)
def test_round_eight_near_misses_pass(text: str, sponsored: bool | None) -> None:
    got, rules = decide(text, "en-US", sponsored=sponsored)
    assert got == "pass", (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision", "rule"),
    [
        # a prize draw whose date or prize depends on sales (CAP 8.15.1)
        ("Win a hot tub! If all tickets are not sold by the end date, an additional 7 days will be added.",
         "en-GB", "review", "cap.prize-promotion-conditional"),
        ("Win a car for £2. If the tickets do not sell out, the winner gets a cash prize of 60% of ticket sales.",
         "en-GB", "review", "cap.prize-promotion-conditional"),
        # strength as the reason to choose a drink (CAP 18.9)
        ("Our new lager: the strongest beer in Britain. Goodbye, weak pints!", "en-GB", "review",
         "cap.alcohol-strength"),
    ],
)
def test_round_eight_uk_shapes(text: str, locale: str, decision: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision and rule in rules, (got, rules)


@pytest.mark.parametrize(
    "text",
    [
        # the ABV as a fact; a prize draw with a fixed date; a strong coffee
        "Our new lager: crisp, golden, 4.2% ABV. Enjoy responsibly.",
        "Win a hot tub! Closes 23:59 GMT 14/02. UK 18+. Free entry route and T&Cs: link in bio.",
        "Our strongest coffee blend yet, for early starts.",
    ],
)
def test_round_eight_uk_near_misses_pass(text: str) -> None:
    got, rules = decide(text, "en-GB")
    assert got == "pass", (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # the drink as the mood change, in English anywhere in the EEA (AVMSD Art. 22)
        ("A Strongbow a day keeps the bad vibes away", "en-BE", "review"),
        ("A Strongbow a day keeps the bad vibes away", "en-IE", "review"),
        ("Our new gin: happiness in a glass.", "en-GB", "review"),
        ("Bad vibes away with our new yoga class.", "en-GB", "pass"),
        ("Our new lager: brewed in Leuven, crisp and golden.", "en-BE", "pass"),
    ],
)
def test_round_eight_alcohol_mood(text: str, locale: str, decision: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # German shapes found by probing: a separable 'beugt ... vor', one-word 'schmerzfrei',
        # a detox of the liver, strength of evidence, a finfluencer's figure, the party's success
        ("Beugt Herzinfarkt und Schlaganfall vor.", "de-DE", "block"),
        ("Endlich schmerzfrei dank CBD-Öl!", "de-DE", "block"),
        ("Entgiftet deinen Körper und reinigt die Leber.", "de-DE", "review"),
        ("Klinisch bewiesen: 30% weniger Falten in 4 Wochen.", "de-DE", "review"),
        ("Mit Bitcoin hab ich in einem Jahr 300% gemacht. Link in Bio!", "de-DE", "review"),
        ("Mon portefeuille crypto : +250 % de gains cette année !", "fr-FR", "review"),
        ("Mit diesem Schnaps wird jede Party ein Erfolg!", "de-DE", "review"),
        ("Wette jetzt und werde zum Gewinner! Bonus 100€ für Neukunden.", "de-DE", "block"),
        # ... and what is no claim
        ("Unser Umsatz ist 2025 um 12% gewachsen.", "de-DE", "pass"),
        ("Mit Bitcoin hab ich in einem Jahr 300% gemacht. Wertentwicklung der Vergangenheit ist kein "
         "verlässlicher Indikator für künftige Ergebnisse.", "de-DE", "pass"),
        ("Dermatologisch getestet, für empfindliche Haut.", "de-DE", "pass"),
    ],
)
def test_round_eight_german_shapes(text: str, locale: str, decision: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # round nine: measured against a drug, a surgery replaced, an amount in a time
        ("Our herbal drops are 80 percent more effective than the leading cancer drug.", "en-US", "block"),
        ("Gastric bypass without surgery: our fibre powder swells in your stomach.", "en-US", "block"),
        ("15 pounds in 10 days with our shake plan!", "en-US", "review"),
        ("Our new phone is faster than any other phone.", "en-US", "pass"),
        # Dutch: a question about the liver, the product as the solution
        # (a question about a condition implies the claim: the reviewer's call)
        ("Problemen met uw lever? Vervetting? Mariadistel kan de oplossing zijn!", "nl-NL", "review"),
        # Belgium: a virtual currency advertised without the FSMA's warning
        ("Zet uw eerste stappen als belegger in virtuele munten", "nl-BE", "block"),
        ("Koop bitcoin in onze app. Virtuele munten, reële risico's. De enige garantie in crypto is "
         "het risico.", "nl-BE", "pass"),
    ],
)
def test_round_nine_shapes(text: str, locale: str, decision: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # Dutch shapes found by probing: a coordinated compound, one word free of pain, a cleansed liver
        ("Voorkomt hart- en vaatziekten.", "block"),
        ("Pijnvrij dankzij CBD-olie.", "block"),
        ("Ontgift je lichaam en reinigt je lever.", "review"),
        ("Onze zorgverzekering vergoedt fysiotherapie.", "pass"),
    ],
)
def test_dutch_shapes(text: str, decision: str) -> None:
    got, rules = decide(text, "nl-NL")
    assert got == decision, (text, got, rules)
