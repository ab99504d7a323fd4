"""Posts that look like claims but make none stay green, in every market, with the all-markets
policy; the claims next to them are still caught. Texts are written for these tests."""

from __future__ import annotations

import pytest

from conftest import decide_all_markets as decide


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        # a drug class named, not said of the product (21 CFR 101.93(g)(2)(iv) is about the product)
        ("Get your flu vaccine at our pharmacy today, no appointment needed.", "en-US"),
        ("Our team volunteered at the vaccine drive this weekend.", "en-US"),
        ("The new antibiotic guidelines from the CDC are out: read our summary.", "en-US"),
        # a pharmacist's advice is not a prescription drug's promotion
        ("Ask your pharmacist about antihistamines for hay fever season.", "en-US"),
        # a charity run or donation for a disease, in every language
        ("Our employees ran 5k to fight childhood cancer and raised $40,000.", "en-US"),
        ("We raised $40,000 to beat childhood cancer. Thank you, team!", "en-US"),
        ("We donated 10,000 masks to local hospitals to help fight the spread of COVID-19.", "en-US"),
        ("Nous courons contre le cancer avec la Ligue : rejoignez-nous !", "fr-FR"),
        ("Corremos contra el cáncer: únete a nuestra carrera solidaria.", "es-ES"),
        ("Wij lopen mee in de Ride for the Roses tegen kanker.", "nl-NL"),
        ("Wir laufen gegen Krebs beim Benefizlauf am Sonntag.", "de-DE"),
        ("Corremos contra o cancro: junta-te a nós!", "pt-PT"),
        ("Biegniemy przeciw rakowi w sobotę.", "pl-PL"),
        # a company's own figures are not an investment's past performance
        ("Our Q3 results are out: revenue up 12% year over year.", "en-US"),
        ("Net sales grew 8% in the quarter; full release on our investor site.", "en-US"),
        ("Our charity partner's donations rose 30% this year thanks to you.", "en-US"),
    ],
)
def test_near_miss_is_not_blocked(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "pass", (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "rule"),
    [
        ("Our herbal tea is a natural vaccine against colds.", "en-US", "health.implied-disease-claim"),
        ("Elderberry is an antiviral.", "en-US", "health.implied-disease-claim"),
        ("Formulated with potent antiviral herbal extracts.", "en-US", "health.implied-disease-claim"),
        ("Children's Antibiotic Formula, now in berry flavor.", "en-US", "health.implied-disease-claim"),
        ("Cordyceps may contain anti-viral properties.", "en-US", "health.implied-disease-claim"),
        ("Our air purifier stops the spread of COVID-19.", "en-US", "health.disease-claim"),
        ("We raised money for charity, and our new tea kills tumors.", "en-US", "health.disease-claim"),
        ("Notre tisane lutte contre le rhume.", "fr-FR", "nhcr.health-claim.disease"),
        ("Nuestra infusión combate el resfriado.", "es-ES", "nhcr.health-claim.disease"),
        ("Our fund returned 12% last year!", "en-US", "finance.performance-needs-risk"),
        ("My portfolio is up 40% this year.", "en-US", "finance.performance-needs-risk"),
    ],
)
def test_the_claim_beside_it_is_still_blocked(text: str, locale: str, rule: str) -> None:
    got, rules = decide(text, locale)
    assert got == "block" and rule in rules, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "rule"),
    [
        ("Our hospital's new cardiology wing opens Monday, treating heart disease.", "en-US",
         "health.claim.disease"),
        ("Our clinic treats sports injuries, back pain and arthritis.", "en-US", "health.claim.disease"),
        # a clinic's cure claim is not silent: the reviewer sees it
        ("Our clinic cures cancer naturally, no chemo needed.", "en-US", "health.claim.disease"),
        ("Unsere Klinik behandelt Rückenschmerzen mit Physiotherapie.", "de-DE",
         "nhcr.health-claim.disease"),
        ("Nuestro hospital trata el cáncer con los tratamientos más avanzados.", "es-ES",
         "nhcr.health-claim.disease"),
        ("Onze huisartsenpraktijk helpt bij griep en verkoudheid.", "nl-NL", "nhcr.health-claim.disease"),
        ("Our GP practice can help with hay fever: book an appointment.", "en-GB", "cap.health-claim.disease"),
    ],
)
def test_a_medical_service_claim_goes_to_review_not_block(text: str, locale: str, rule: str) -> None:
    """A hospital, clinic or GP practice treats diseases lawfully: the claim is the reviewer's
    to substantiate (CAP 12.1), not a food's forbidden one; it is never silent."""
    got, rules = decide(text, locale)
    assert got == "review" and rule in rules, (text, got, rules)


def test_a_service_word_does_not_soften_a_products_claim() -> None:
    """The cap is for the post's service, so the same claim for a product still blocks; and
    the implied-disease shapes ('alternative to chemotherapy') block even for a clinic."""
    assert decide("This tea cures cancer.", "en-US")[0] == "block"
    got, rules = decide("Our clinic offers a natural alternative to chemotherapy.", "en-US")
    assert got == "block" and "health.implied-disease-claim" in rules


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # an approved drug's indication with its risk information: the reviewer checks the
        # approval; the rules do not block it as a supplement's disease claim
        ("Xyzol is a prescription medicine for adults with moderate to severe eczema. WARNING: "
         "Xyzol can cause eye problems. Full Prescribing Information: link", "review"),
        ("Ask your doctor if Xyzol is right for you. Xyzol can increase your risk of serious "
         "infections. Tell your doctor if you have an infection.", "review"),
        ("Xyzol is FDA-approved to treat adults with type 2 diabetes. Xyzol may cause low blood "
         "sugar. See Medication Guide.", "review"),
        # the OTC monographs' own words, and a sunscreen's required statement
        ("Relieves minor aches and pains due to headache, muscle aches and the common cold.", "review"),
        ("SPF 30 broad spectrum sunscreen. If used as directed with other sun protection measures, "
         "decreases the risk of skin cancer caused by the sun.", "pass"),
        # a reminder ad (the name alone) and a help-seeking ad (the condition alone) need no
        # risk information (21 CFR 202.1(e)(2)(i)); the reviewer checks which it is
        ("Ask your doctor about Xyzol.", "review"),
        ("Do you have high cholesterol? Ask your doctor if a prescription treatment is right for you.",
         "review"),
        # a mental-health support message, and a company's news of an approval
        ("Struggling with depression? You're not alone. Talk to a doctor. Call 988 if you are in crisis.",
         "review"),
        ("FDA approves Xyzol for adults with moderate to severe asthma, the company announced today.",
         "review"),
        # a benefit stated with "ask your doctor" and no risk information still blocks
        ("Ask your doctor about Lumara, the once-daily pill that lowers A1C.", "block"),
        ("Lumara lowers A1C. Ask your doctor about Lumara.", "block"),
        # ... but a supplement that borrows them still blocks
        ("Our turmeric gummies relieve minor aches and pains and cure arthritis.", "block"),
        ("FDA-approved to treat type 2 diabetes: our cinnamon supplement.", "block"),
    ],
)
def test_medicines_and_their_labels(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        # advice anyone can append does not soften a cure claim
        ("Our capsules cure cancer. Speak to your GP first.", "en-GB"),
        ("Our drops cure diabetes, loved by nurses", "en-US"),
        ("Our drops cure diabetes. Ask your pharmacist.", "en-US"),
        # a topic's implied claim never swallows a claim said outright
        ("Bloated? Our tea cures cancer and soothes", "en-GB"),
        # an after-effect that pairs forward with a body function still claims the disease before it
        ("Menopause support for better sleep", "en-GB"),
        # an FDA claim form covers its own clause, not the next one
        ("Oats may reduce the risk of heart disease, and our tea cures diabetes", "en-US"),
        ("Our gummies may reduce the risk of heart disease and cure cancer", "en-US"),
        # CamelCase words after an acronym stay whole: '#CBDForArthritis', '#BeatIBSForGood'
        ("Try it #CBDForArthritis", "en-US"),
        ("Cure #IBSForGood", "en-GB"),
    ],
)
def test_claims_the_new_shapes_must_not_soften(text: str, locale: str) -> None:
    got, rules = decide(text, locale)
    assert got == "block", (text, got, rules)


def test_a_topic_needs_a_real_effect() -> None:
    got, rules = decide("Stressed? Free delivery on all orders this week", "en-GB")
    assert got == "pass", rules


def test_topic_shape_stays_linear_on_long_posts() -> None:
    """The topic shape looks two words back, not to the sentence start: a 20,000-character
    run of targets checks inside the rule budget (a walk back to the sentence start was
    quadratic: 0.36-0.44 s)."""
    import time

    from brandguard import Checker, Post

    c = Checker("builtin:packs/uk-cap", judges=False)
    for text in ("IBS, " * 3900 + "fix", "pain " * 3990 + "cure"):
        t = time.perf_counter()
        v = c.check(Post(text=text, locale="en-GB"))
        assert not [f for f in v.findings if f.rule == "rule.timeout"]
        assert time.perf_counter() - t < 0.5  # the default rule budget; ~0.07 s measured


_DSHEA = (
    "*These statements have not been evaluated by the Food and Drug Administration. This product "
    "is not intended to diagnose, treat, cure, or prevent any disease."
)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # the FDA's own model and qualified claims, word for word (21 CFR 101.72(e); the B-vitamins
        # letter of enforcement discretion, whose qualifier states the settled part without 'may')
        ("Regular exercise and a healthy diet with enough calcium helps teens and young adult white "
         "and Asian women maintain good bone health and may reduce their high risk of osteoporosis "
         "later in life.", "en-US", "pass"),
        ("As part of a well-balanced diet that is low in saturated and trans fat, folic acid, vitamin "
         "B6 and vitamin B12 may reduce the risk of vascular disease. FDA evaluated the above claim "
         "and found that, while it is known that diets low in saturated fat and cholesterol reduce "
         "the risk of heart disease, the scientific evidence about the B vitamins is inconclusive.",
         "en-US", "pass"),
        # natural states the FDA does not count as diseases (65 FR 1000 at 1020), in the US only
        (f"For hot flashes and other common symptoms of menopause.{_DSHEA}", "en-US", "pass"),
        (f"Helps reduce mild mood changes, cramps and edema associated with the menstrual cycle.{_DSHEA}",
         "en-US", "pass"),
        ("Our gummies: for hot flushes and other symptoms of menopause.", "en-GB", "block"),
        # a licensed OTC medicine named by its brand states its label's uses: the reviewer's call
        ("Pepto-Bismol relieves heartburn, indigestion, upset stomach, nausea and diarrhea.", "en-US",
         "review"),
        # (the antifungal monograph's own indication, 21 CFR 333.250(b): "Cures most athlete's foot")
        ("Lamisil cures most athlete's foot between the toes.", "en-US", "pass"),
        ("Theraflu: relieves cold and flu symptoms so you can rest.", "en-US", "review"),
        ("Nurofen: fast relief from headache and period pain.", "en-GB", "review"),
        # ... a supplement set against one is still a disease claim
        ("Ditch the Lemsip this winter: our vitamin C and zinc shot fights the virus.", "en-GB", "block"),
        # a charity's research, not the product, is to cure
        ("Breast Cancer Awareness Month: we're donating $1 from every candle to research that helps "
         "cure cancer.", "en-US", "pass"),
        ("Research shows our supplement helps cure cancer.", "en-US", "block"),
        # a food's nutrient is no supplement cue: no DSHEA disclaimer is due
        ("Orange juice: an excellent source of vitamin C, which supports a healthy immune system.",
         "en-US", "pass"),
        ("Our magnesium gummies support restful sleep.", "en-US", "block"),
        # the required denial is not the misrepresentation it denies
        ("Buy crypto on our app in minutes. Crypto is volatile; you could lose all the money you "
         "invest. Not FDIC insured.", "en-US", "pass"),
        ("Crypto assets are NOT insured by the FDIC or SIPC. Trade on our exchange.", "en-US", "pass"),
        ("Your crypto balance is FDIC insured up to $250,000!", "en-US", "block"),
    ],
)
def test_round_eight_lawful_wordings(text: str, locale: str, decision: str) -> None:
    """Lawful wordings from FDA rules and guidance, and ordinary brand posts, found by probing
    (written for this test); the claims beside them still block."""
    got, rules = decide(text, locale)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # the material connection said in words (16 CFR 255.5)
        ("I'm partnering with @Target on this post! Go check out their fall collection.", "pass"),
        ("Free product from @Fitbit. Here's my honest take on the Charge 6.", "pass"),
        ("Disclosure: I was given this book by the publisher in exchange for an honest review.", "pass"),
        ("I received this product for free in exchange for my review. 5 stars!", "pass"),
        # "ambassador" is not a statement of the connection, and a label among hashtags is buried
        ("Brand ambassador for @Lululemon. Use code ALEX15 for 15% off.", "block"),
        ("Loving my new blender from @Vitamix #smoothie #breakfast #healthy #ad #morning #blender", "block"),
        # and a sponsored post with no statement at all still blocks
        ("Loving my new blender from @Vitamix, smoothies every morning!", "block"),
    ],
)
def test_a_connection_said_in_words_is_a_disclosure(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=True)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    "text",
    ["Dinner in 20 minutes, delivered to your door.", "Ready in 5 minutes: our new noodle cups."],
)
def test_a_time_is_not_an_efficacy_claim(text: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == "pass", (text, got, rules)


@pytest.mark.parametrize("locale", ["en-GB", "en-US", "en-IE"])
def test_a_timed_effect_still_needs_evidence(locale: str) -> None:
    # the ASA's teeth-whitening rulings: 'White Teeth in 10 Minutes!', 'cancels stains in 30 seconds'
    for text in ("White teeth in 10 minutes!", "Our colour corrector cancels stains in 30 seconds"):
        got, rules = decide(text, locale)
        assert got == "review", (text, locale, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # a medical device's cleared use, and an OTC active ingredient with its strength first
        ("Dexcom G7: FDA-cleared continuous glucose monitor for people with diabetes.", "review"),
        ("Our CPAP masks help treat sleep apnea. Prescription required.", "review"),
        ("Neutrogena Rapid Clear acne spot treatment with 2% salicylic acid.", "pass"),
        # (the wart-remover monograph's own indication, 21 CFR 358.150)
        ("Freeze Away wart remover: removes common and plantar warts.", "pass"),
        # an EPA-registered disinfectant's germ claim is about surfaces, not the body
        ("Our antibacterial spray kills 99.9% of bacteria on hard surfaces. EPA registered.", "review"),
        # ... while a supplement's stays a disease claim
        ("Our natural antiviral gummies for your family.", "block"),
        ("Our gummies help treat sleep apnea.", "block"),
    ],
)
def test_devices_disinfectants_and_otc_strengths(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "locale", "decision"),
    [
        # a role mailbox (RFC 2142) and a line the post gives as its own are the company's
        ("Questions? Call our nurse line at 1-888-555-0199 or email care@acmehealth.com.", "en-US", "pass"),
        ("Call us on 020 7946 0000 for bookings.", "en-GB", "pass"),
        # a registration number is not a phone number
        ("FDA Reg. No. 12345678901. Our facility is FDA registered.", "en-US", "pass"),
        # a customer's contact details still block
        ("@jane we will call you at (212) 555-0123 about your claim.", "en-US", "block"),
        ("Hi Jane, we emailed jane.doe@gmail.com with the details.", "en-US", "block"),
    ],
)
def test_the_companys_own_contacts_are_not_personal_data(text: str, locale: str, decision: str) -> None:
    got, rules = decide(text, locale)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # 16 CFR 255.5: the connection in plain words, whoever it is with
        ("Paid endorsement. Acme's vacuum changed my cleaning routine.", "pass"),
        ("#AcmeEmployee Proud of the new Acme vacuum my team built!", "pass"),
        ("As an Acme employee, I'm biased, but this vacuum is great.", "pass"),
        ("My mom owns this bakery, so I'm biased, but try the croissants!", "pass"),
        ("Full disclosure: my husband works for Acme. But this vacuum is amazing.", "pass"),
        ("Thanks to Acme for sponsoring this post!", "pass"),
        ("This video was made possible by Acme.", "pass"),
        ("Acme provided me with this vacuum. Here is my review.", "pass"),
        ("Acme paid for this trip. Here's the hotel!", "pass"),
        ("Partnered with Acme for this one. Loving the vacuum.", "pass"),
        ("Disclaimer: I receive compensation for purchases made through links in this post.", "pass"),
        ("I'm a paid spokesperson for Acme. Switch and save today!", "pass"),
        ("Acme hired me to try their blender. Here's my honest take.", "pass"),
        ("Acme gifted me this blender. It's great.", "pass"),
        ("Acme invited me on this trip and covered my costs.", "pass"),
        ("Acme is a client of my agency. Their new blender is great.", "pass"),
        ("#affiliate My favorite Acme blender is linked below.", "block"),
        # what the FTC calls ambiguous still blocks ('Promoted', '#paid', 'in collaboration with')
        ("Promoted | loving the new Acme vacuum.", "block"),
        ("#paid Loving the Acme vacuum.", "block"),
        ("In collaboration with Acme. The new vacuum is great.", "block"),
    ],
)
def test_the_connection_in_plain_words(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=True)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # a US prescription drug's or vaccine's ad with its risks (21 CFR 202.1(e)): the
        # reviewer checks the label, the rules do not block it as a food's disease claim
        ("Help lower your risk of heart attack and stroke with Lipitor, along with diet and exercise. "
         "Lipitor is not for everyone, including people with liver problems.", "review"),
        ("Eliquis reduces the risk of stroke in people with atrial fibrillation. Eliquis can cause "
         "serious and in rare cases fatal bleeding.", "review"),
        ("Shingrix is a vaccine to help prevent shingles in adults 50 and older. It does not protect "
         "everyone. Talk to your pharmacist.", "pass"),
        # the benefit without the risks still blocks, and so does a supplement that borrows a vaccine
        ("Ask your doctor about Lipitor, it lowers cholesterol.", "block"),
        ("Elderberry works like a vaccine.", "block"),
    ],
)
def test_prescription_drug_ads_with_their_risks(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "sponsored", "decision"),
    [
        # round ten: the Endorsement Guides' blogger, an OTC carton, a compendial drug name
        ("Disclosure: the manufacturer sent me its new video game system free of charge and asked me "
         "to review it on my blog.", True, "pass"),
        ("COLD SORE TREATMENT. Docosanol Cream 10%. FDA APPROVED MEDICINE to Shorten Healing Time", None, "pass"),
        ("Miconazole nitrate, USP 2%. Uses: treats vaginal yeast infections.", None, "pass"),
        # a disease in a testimonial of the past tense
        ("Helped manage my breast cancer!", None, "block"),
    ],
)
def test_round_ten(text: str, sponsored: bool | None, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=sponsored)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "sponsored", "decision"),
    [
        # round eleven: a public-health message about vaccination or screening, a time clause
        ("Getting vaccinated is the best protection against the flu this winter.", None, "pass"),
        ("Keep your child home until your child's fever goes away.", None, "pass"),
        ("Regular screening tests prevent colorectal cancer by finding polyps early.", None, "review"),
        # the connection said in words: a free copy, a sponsored show, a discount for a review
        ("Heads up: the publisher gave me a free copy of the book to review. Here are my thoughts.",
         True, "pass"),
        ("Thanks to Acme for sponsoring today's podcast!", True, "pass"),
        ("We received this blender at a discount in exchange for an honest review. It's great.",
         True, "pass"),
        # and what they must not soften
        ("Our elderberry syrup is the best protection against the flu.", None, "block"),
        ("Elderberry gummies work like a vaccine against flu. Get vaccinated naturally!", None, "block"),
        ("My fever went away after one cup of this tea!", None, "block"),
        ("Our detox tea prevents colon cancer.", None, "block"),
        ("Use kratom to overcome opioid addiction.", None, "block"),
        ("Thanks Acme! Loving this podcast setup.", True, "block"),
        ("Our advisor was amazing, read our client testimonials.", None, "block"),
    ],
)
def test_round_eleven(text: str, sponsored: bool | None, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=sponsored)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # round twelve: a regulator's denial, a risk disclosure about the reader's medicines,
        # radiation oncology, hedged research offered as support
        ("Do not use them to treat or prevent COVID-19.", "pass"),
        ("Stop it with the #ivermectin. It's not authorized for treating #COVID.", "pass"),
        ("Our Center for Proton Therapy treats prostate cancer with precision.", "review"),
        ("Promising preliminary research suggests our blend may help support healthy blood sugar.",
         "review"),
        ("Research suggests that walking 30 minutes a day improves mood.", "pass"),
        # what a denial must not hide
        ("Don't use chemo to treat cancer, use our mushroom tea instead.", "block"),
        ("Our CBD oil can treat anxiety. Do not use it to replace your medication.", "block"),
        ("Ask your doctor about Lumara, the prescription medicine for type 2 diabetes that lowers A1C.",
         "block"),
    ],
)
def test_round_twelve(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


def test_a_press_trip_said_in_dutch_names_the_benefit() -> None:
    # the Reclame Code Commissie on a vlogger's "pers reis" beside the advertiser and its price
    got, rules = decide("Dank aan @Corendon voor deze persreis! Bonaire is prachtig.", "nl-NL", sponsored=True)
    assert got == "pass", rules
    got, rules = decide("Bonaire is prachtig, boek nu bij @Corendon!", "nl-NL", sponsored=True)
    assert got == "block", rules


@pytest.mark.parametrize(
    ("text", "sponsored", "decision"),
    [
        # round thirteen: the connection in words (a credit for a review, an ownership interest,
        # "paying me to"), a contest entry said as one, a business's own reviews
        ("Disclosure: Pawsome Treats gave me a $10 store credit for writing a review, whatever I said.",
         True, "pass"),
        ("Full disclosure: I'm an investor in Tidewater Coffee. Their cold brew is in my fridge every week.",
         True, "pass"),
        ("Thank you @luxeskinco for paying me to try your new glow serum", True, "pass"),
        ("Contest entry: I'm entering the Wandering Sole contest for a chance to win a $1,000 spree. "
         "#WanderingSole", True, "pass"),
        ("Read our customer reviews before you buy!", None, "pass"),
        ("Leave us an honest review, good or bad, and we'll send you 20% off your next box.", None, "pass"),
        # and what must still block
        ("@acme gave me a discount code for you: ACME10. Love it!", True, "block"),
        ("Loving these boots from @colehaan #WanderingSole #sweeps", True, "block"),
        ("Thank you @luxeskinco for my new favorite glow serum", True, "block"),
        ("Love your order? Leave us a 5-star review on Google and we'll send you 20% off your next box!",
         None, "block"),
        ("See what our clients say about our wealth management: client testimonials on our site.", None,
         "block"),
    ],
)
def test_round_thirteen(text: str, sponsored: bool | None, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=sponsored)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # round fourteen: a CDC-recognised programme, a denied treatment, a test said to back a claim
        ("Our YMCA's diabetes prevention classes follow the CDC-led National Diabetes Prevention Program.",
         "pass"),
        ("Flour typically isn't treated to kill bacteria, so don't eat raw dough.", "pass"),
        ("MSA 30X is independently tested to help you hear up to 30 times better.", "review"),
        ("Our new blender is 10 times better than the old one.", "pass"),
        # what a denial must not hide
        ("Our tea isn't just delicious, it cures colds.", "block"),
        ("This tea is not only tasty: it treats eczema.", "block"),
        ("Our cinnamon gummies prevent diabetes.", "block"),
    ],
)
def test_round_fourteen(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # probes of lawful US health posts by speakers the datasets had few of: research, a
        # vaccine booster, a health authority quoted, hand washing, dental, hospice, a dietitian
        ("Join our clinical trial testing a new treatment for migraines. Eligible adults 18-65 can apply.",
         "review"),
        ("Researchers at our university found that the drug reduced the risk of heart attacks by 20%.",
         "review"),
        ("New study: people who walk 7,000 steps a day have a lower risk of dementia.", "review"),
        ("Get your COVID-19 booster to protect against severe illness this winter.", "review"),
        ("Breastfeeding lowers the risk of ear infections and asthma for babies, says the AAP.", "review"),
        ("Wash your hands for 20 seconds to prevent the spread of flu and colds.", "pass"),
        ("Our dental office treats gum disease with deep cleanings. Book today.", "review"),
        ("Our hospice team relieves pain and supports families through cancer.", "review"),
        ("Our nutritionist explains how fiber helps manage blood sugar for people with type 2 diabetes.",
         "review"),
        # a product's words keep its claim a claim
        ("A new study shows our turmeric gummies reverse arthritis.", "block"),
        ("New study: this mushroom extract cures cancer!", "block"),
        ("Our tea prevents flu and stops the spread of germs.", "block"),
        ("Our elderberry syrup is a natural vaccine against flu.", "block"),
        ("The CDC hates this: our detox tea cures diabetes.", "block"),
        ("Immune booster gummies that fight off colds and flu!", "block"),
        ("Our nutritionist recommends our cinnamon gummies for people with type 2 diabetes.", "block"),
    ],
)
def test_lawful_health_speakers_go_to_review_not_block(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("I'm a Glowco brand ambassador (paid). Here's my favorite cleanser.", "pass"),
        ("Brand ambassador for @Lululemon. Use code ALEX15 for 15% off.", "block"),
    ],
)
def test_an_ambassador_said_to_be_paid(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=True)
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # round fifteen: a help-seeking question, a destination, a campaign's name, an approval's
        # population, regulatory news
        ("Struggling with migraines? You're not alone. Talk to your doctor about prevention options.",
         "review"),
        ("Tired of insomnia? Ask your pharmacist about your options.", "review"),
        ("Rides to cancer treatment are free for patients this month.", "pass"),
        ("Shingrix is now available at our pharmacies. It was approved by the FDA for use in adults "
         "aged 50 and older.", "pass"),
        # and what stays blocked
        ("Do you suffer with IBS or bloating?? Try our drink!! Ask your doctor too.", "block"),
        ("Struggling with anxiety? Talk to your doctor. Our gummies can help.", "block"),
        ("Our tea is the best cancer treatment nature offers.", "block"),
        ("Our campaign: these gummies fight against anxiety!", "block"),
        ("Zymlora is FDA approved for use in adults with moderate to severe plaque psoriasis. Ask your doctor.",
         "block"),
    ],
)
def test_round_fifteen(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US")
    assert got == decision, (text, got, rules)


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        # round sixteen: the connection in words, as the FTC's cases show them
        ("Full disclosure up front: I'm a paid ADT spokesperson. Today I'm showing you gadgets.", "pass"),
        ("Playing this on my lunch break. Full disclosure: the studio is a client of the company I work for.",
         "pass"),
        ("I'm on the Reverb team (we do PR for this studio), but the new update fixes the save bug.", "pass"),
        ("LOFT invited me to its preview and gave me a gift bag. The linen dress is perfect.", "pass"),
        ("I got a gift certificate for sharing this: Hyundai's teaser is here. It made me laugh.", "pass"),
        ("Gifted by LOFT: they gave me this dress at their blogger preview.", "pass"),
        # and what stays blocked
        ("#gifted Loving this dress!", "block"),
        ("Loving this dress from @loft! Got it as a gift.", "block"),
        ("Just saw the sneak peek of Hyundai's Super Bowl spot and it's hilarious. #SuperBowl", "block"),
    ],
)
def test_round_sixteen(text: str, decision: str) -> None:
    got, rules = decide(text, "en-US", sponsored=True)
    assert got == decision, (text, got, rules)
