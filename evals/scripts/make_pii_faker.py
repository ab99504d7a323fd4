"""Generate the span-labelled personal-data set ``evals/datasets/pii/faker.jsonl`` (issue 12).

    pip install faker            # not a test dependency: the generated file is committed
    python evals/scripts/make_pii_faker.py [--per-locale 200] [--seed 12] [--out PATH]

Short customer-service and social-post sentences in each locale's language, each holding one
or two values that Faker (fixed seed) or the generators below make: email, phone, card, iban,
national_id, ip, address, dob, passport, drivers_licence. Every value is valid where a check
exists (libphonenumber for phones, Luhn for cards, mod 97 for IBANs, python-stdnum for
national ids): the labels are personal data, not random digits. Schema:
``evals/datasets/pii/README.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

from faker import Faker

OUT = Path(__file__).resolve().parents[1] / "datasets" / "pii" / "faker.jsonl"

LOCALES = [
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "nl_BE", "pl_PL",
    "pt_BR", "pt_PT",
]  # fmt: skip
# street-address formats the recognizer claims (US, UK, DE, FR, ES, IT, NL; BE writes NL's)
ADDRESS_LOCALES = {"en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "nl_BE"}
TYPES = [
    "email", "phone", "card", "iban", "national_id", "ip", "address", "dob", "passport",
    "drivers_licence",
]  # fmt: skip

# What a customer or an agent writes before the value, per language and type. "{v}" is the
# value; the rest of the sentence comes from OPEN and CLOSE.
CUES: dict[str, dict[str, list[str]]] = {
    "en": {
        "email": ["my email is {v}", "you can email me at {v}", "send the invoice to {v}",
                  "contact: {v}", "reply to {v} please", "{v} is the address on my account"],
        "phone": ["call me on {v}", "my number is {v}", "you can reach me at {v}",
                  "text me at {v}", "phone: {v}", "my mobile is {v}"],
        "card": ["my card number is {v}", "the card {v} was charged twice", "card: {v}",
                 "I paid with {v}", "charge it to {v}"],
        "iban": ["my IBAN is {v}", "please refund to {v}", "IBAN: {v}",
                 "the account is {v}", "transfer it to {v}"],
        "national_id": ["my {idname} is {v}", "{idname}: {v}", "here is my {idname} {v}"],
        "ip": ["my IP address is {v}", "your site blocked my IP {v}", "IP: {v}",
               "the login came from {v}", "I'm connecting from {v}"],
        "address": ["my address is {v}", "please ship it to {v}", "I live at {v}",
                    "deliver to {v}", "the parcel should go to {v}", "send it to {v}"],
        "dob": ["my date of birth is {v}", "DOB: {v}", "I was born on {v}",
                "date of birth {v}"],
        "passport": ["my passport number is {v}", "passport no. {v}", "passport: {v}",
                     "I booked with passport {v}"],
        "drivers_licence": ["my driver's licence number is {v}", "driving licence {v}",
                            "driver's license: {v}", "license number {v}"],
    },
    "de": {
        "email": ["meine E-Mail ist {v}", "schreiben Sie mir an {v}", "Mail an {v}",
                  "Kontakt: {v}", "die Rechnung bitte an {v}"],
        "phone": ["rufen Sie mich an unter {v}", "meine Nummer ist {v}", "Handy: {v}",
                  "Telefon {v}", "erreichbar unter {v}"],
        "card": ["meine Kartennummer ist {v}", "die Karte {v} wurde doppelt belastet",
                 "Kreditkarte: {v}", "bezahlt mit {v}"],
        "iban": ["meine IBAN ist {v}", "bitte erstatten auf {v}", "IBAN: {v}",
                 "überweisen Sie an {v}"],
        "national_id": ["meine {idname} ist {v}", "{idname}: {v}", "hier meine {idname} {v}"],
        "ip": ["meine IP-Adresse ist {v}", "ihr Shop hat meine IP {v} gesperrt", "IP: {v}",
               "der Login kam von {v}"],
        "address": ["meine Adresse ist {v}", "bitte liefern an {v}", "ich wohne in der {v}",
                    "Lieferadresse: {v}", "schicken Sie es an {v}"],
        "dob": ["mein Geburtsdatum ist {v}", "Geburtsdatum: {v}", "geboren am {v}"],
        "passport": ["meine Reisepassnummer ist {v}", "Reisepass {v}", "Pass-Nr. {v}"],
        "drivers_licence": ["meine Führerscheinnummer ist {v}", "Führerschein: {v}",
                            "Führerschein-Nr. {v}"],
    },
    "fr": {
        "email": ["mon e-mail est {v}", "écrivez-moi à {v}", "contact : {v}",
                  "envoyez la facture à {v}"],
        "phone": ["appelez-moi au {v}", "mon numéro est le {v}", "téléphone : {v}",
                  "joignable au {v}", "mon portable : {v}"],
        "card": ["mon numéro de carte est {v}", "la carte {v} a été débitée deux fois",
                 "carte bancaire : {v}", "payé avec {v}"],
        "iban": ["mon IBAN est {v}", "remboursez-moi sur {v}", "IBAN : {v}",
                 "virement sur {v}"],
        "national_id": ["mon {idname} est {v}", "{idname} : {v}", "voici mon {idname} {v}"],
        "ip": ["mon adresse IP est {v}", "votre site a bloqué mon IP {v}", "IP : {v}",
               "la connexion venait de {v}"],
        "address": ["mon adresse est {v}", "livrez au {v}", "j'habite au {v}",
                    "adresse de livraison : {v}", "envoyez-le au {v}"],
        "dob": ["ma date de naissance est le {v}", "né le {v}", "date de naissance : {v}"],
        "passport": ["mon numéro de passeport est {v}", "passeport n° {v}",
                     "passeport : {v}"],
        "drivers_licence": ["mon numéro de permis de conduire est {v}",
                            "permis de conduire : {v}", "permis de conduire n° {v}"],
    },
    "es": {
        "email": ["mi correo es {v}", "escríbeme a {v}", "contacto: {v}",
                  "enviad la factura a {v}"],
        "phone": ["llámame al {v}", "mi número es {v}", "teléfono: {v}", "mi móvil es {v}",
                  "podéis llamarme al {v}"],
        "card": ["mi número de tarjeta es {v}", "la tarjeta {v} se cobró dos veces",
                 "tarjeta: {v}", "pagué con {v}"],
        "iban": ["mi IBAN es {v}", "devolvedlo a {v}", "IBAN: {v}", "transferencia a {v}"],
        "national_id": ["mi {idname} es {v}", "{idname}: {v}", "os paso mi {idname} {v}"],
        "ip": ["mi dirección IP es {v}", "habéis bloqueado mi IP {v}", "IP: {v}",
               "el acceso vino de {v}"],
        "address": ["mi dirección es {v}", "enviadlo a {v}", "vivo en {v}",
                    "dirección de entrega: {v}", "entregad en {v}"],
        "dob": ["mi fecha de nacimiento es {v}", "fecha de nacimiento: {v}", "nacido el {v}"],
        "passport": ["mi número de pasaporte es {v}", "pasaporte {v}", "pasaporte: {v}"],
        "drivers_licence": ["mi carnet de conducir es {v}", "carnet de conducir: {v}",
                            "permiso de conducir {v}"],
    },
    "it": {
        "email": ["la mia email è {v}", "scrivetemi a {v}", "contatto: {v}",
                  "mandate la fattura a {v}"],
        "phone": ["chiamatemi al {v}", "il mio numero è {v}", "telefono: {v}",
                  "cellulare {v}", "potete chiamarmi al {v}"],
        "card": ["il numero della mia carta è {v}", "la carta {v} è stata addebitata due volte",
                 "carta: {v}", "ho pagato con {v}"],
        "iban": ["il mio IBAN è {v}", "rimborsate su {v}", "IBAN: {v}", "bonifico su {v}"],
        "national_id": ["il mio {idname} è {v}", "{idname}: {v}", "ecco il mio {idname} {v}"],
        "ip": ["il mio indirizzo IP è {v}", "avete bloccato il mio IP {v}", "IP: {v}",
               "l'accesso veniva da {v}"],
        "address": ["il mio indirizzo è {v}", "spedite a {v}", "abito in {v}",
                    "indirizzo di consegna: {v}", "consegnate in {v}"],
        "dob": ["la mia data di nascita è {v}", "data di nascita: {v}", "nato il {v}"],
        "passport": ["il mio numero di passaporto è {v}", "passaporto {v}",
                     "passaporto n. {v}"],
        "drivers_licence": ["la mia patente è {v}", "patente di guida: {v}",
                            "numero patente {v}"],
    },
    "nl": {
        "email": ["mijn e-mail is {v}", "mail me op {v}", "contact: {v}",
                  "stuur de factuur naar {v}"],
        "phone": ["bel me op {v}", "mijn nummer is {v}", "telefoon: {v}", "mobiel: {v}",
                  "bereikbaar op {v}"],
        "card": ["mijn kaartnummer is {v}", "de kaart {v} is twee keer belast",
                 "creditcard: {v}", "betaald met {v}"],
        "iban": ["mijn IBAN is {v}", "stort het terug op {v}", "IBAN: {v}",
                 "overmaken naar {v}"],
        "national_id": ["mijn {idname} is {v}", "{idname}: {v}", "hier is mijn {idname} {v}"],
        "ip": ["mijn IP-adres is {v}", "jullie site blokkeert mijn IP {v}", "IP: {v}",
               "de login kwam van {v}"],
        "address": ["mijn adres is {v}", "bezorg het op {v}", "ik woon op {v}",
                    "afleveradres: {v}", "stuur het naar {v}"],
        "dob": ["mijn geboortedatum is {v}", "geboortedatum: {v}", "geboren op {v}"],
        "passport": ["mijn paspoortnummer is {v}", "paspoort {v}", "paspoort: {v}"],
        "drivers_licence": ["mijn rijbewijsnummer is {v}", "rijbewijs: {v}",
                            "rijbewijs nr. {v}"],
    },
    "pl": {
        "email": ["mój e-mail to {v}", "napiszcie na {v}", "kontakt: {v}",
                  "fakturę proszę wysłać na {v}"],
        "phone": ["zadzwońcie pod {v}", "mój numer to {v}", "telefon: {v}",
                  "komórka: {v}"],
        "card": ["numer mojej karty to {v}", "karta {v} została obciążona dwa razy",
                 "karta: {v}", "zapłaciłem kartą {v}"],
        "iban": ["mój IBAN to {v}", "proszę o zwrot na {v}", "IBAN: {v}",
                 "przelew na {v}"],
        "national_id": ["mój {idname} to {v}", "{idname}: {v}", "podaję {idname} {v}"],
        "ip": ["mój adres IP to {v}", "zablokowaliście moje IP {v}", "IP: {v}",
               "logowanie było z {v}"],
        "dob": ["moja data urodzenia to {v}", "data urodzenia: {v}", "urodzony {v}"],
        "passport": ["numer paszportu {v}", "paszport: {v}", "mój paszport to {v}"],
        "drivers_licence": ["numer prawa jazdy {v}", "prawo jazdy: {v}",
                            "moje prawo jazdy to {v}"],
    },
    "pt": {
        "email": ["o meu e-mail é {v}", "escrevam para {v}", "contacto: {v}",
                  "enviem a fatura para {v}"],
        "phone": ["liguem para {v}", "o meu número é {v}", "telefone: {v}",
                  "celular: {v}", "telemóvel {v}"],
        "card": ["o número do meu cartão é {v}", "o cartão {v} foi cobrado duas vezes",
                 "cartão: {v}", "paguei com {v}"],
        "iban": ["o meu IBAN é {v}", "reembolsem para {v}", "IBAN: {v}",
                 "transferência para {v}"],
        "national_id": ["o meu {idname} é {v}", "{idname}: {v}", "segue o {idname} {v}"],
        "ip": ["o meu endereço IP é {v}", "bloquearam o meu IP {v}", "IP: {v}",
               "o acesso veio de {v}"],
        "dob": ["a minha data de nascimento é {v}", "data de nascimento: {v}",
                "nascido em {v}"],
        "passport": ["o número do meu passaporte é {v}", "passaporte {v}",
                     "passaporte: {v}"],
        "drivers_licence": ["a minha carta de condução é {v}", "carteira de motorista {v}",
                            "CNH: {v}"],
    },
}  # fmt: skip

OPEN = {
    "en": ["Hi team,", "Hello,", "@AcmeHelp", "Hey @acme_support", "Thanks for the quick reply!",
           "Still waiting on my refund.", "Order arrived damaged.", ""],
    "de": ["Hallo,", "Guten Tag,", "@AcmeHilfe", "Danke für die schnelle Antwort!",
           "Ich warte noch auf meine Erstattung.", "Paket kam beschädigt an.", ""],
    "fr": ["Bonjour,", "Salut @acme_fr", "Merci pour la réponse !",
           "J'attends toujours mon remboursement.", "Colis arrivé abîmé.", ""],
    "es": ["Hola,", "Buenas @acme_es", "¡Gracias por responder!",
           "Sigo esperando el reembolso.", "El pedido llegó roto.", ""],
    "it": ["Ciao,", "Buongiorno @acme_it", "Grazie per la risposta!",
           "Aspetto ancora il rimborso.", "Il pacco è arrivato rotto.", ""],
    "nl": ["Hallo,", "Hoi @acme_nl", "Bedankt voor het snelle antwoord!",
           "Ik wacht nog op mijn terugbetaling.", "Pakket kwam beschadigd aan.", ""],
    "pl": ["Dzień dobry,", "Cześć @acme_pl", "Dzięki za odpowiedź!",
           "Nadal czekam na zwrot.", "Paczka przyszła uszkodzona.", ""],
    "pt": ["Olá,", "Bom dia @acme_pt", "Obrigado pela resposta!",
           "Ainda aguardo o reembolso.", "A encomenda chegou danificada.", ""],
}  # fmt: skip
CLOSE = {
    "en": ["Thanks!", "Please sort it out today.", "Cheers", "Can you check?", "", "🙏"],
    "de": ["Danke!", "Bitte schnell klären.", "Viele Grüße", "Können Sie das prüfen?", ""],
    "fr": ["Merci !", "Merci de régler ça vite.", "Cordialement", "Vous pouvez vérifier ?", ""],
    "es": ["¡Gracias!", "Por favor, solucionadlo hoy.", "Saludos", "¿Podéis mirarlo?", ""],
    "it": ["Grazie!", "Risolvete oggi per favore.", "Saluti", "Potete controllare?", ""],
    "nl": ["Bedankt!", "Graag vandaag oplossen.", "Groeten", "Kunnen jullie kijken?", ""],
    "pl": ["Dzięki!", "Proszę o szybkie rozwiązanie.", "Pozdrawiam", "Możecie sprawdzić?", ""],
    "pt": ["Obrigado!", "Resolvam hoje, por favor.", "Cumprimentos", "Podem verificar?", ""],
}  # fmt: skip

ID_NAMES = {
    "en_US": "SSN", "en_GB": "National Insurance number", "de_DE": "Steuer-ID",
    "fr_FR": "numéro de sécurité sociale", "es_ES": "DNI", "it_IT": "codice fiscale",
    "nl_NL": "BSN", "nl_BE": "rijksregisternummer", "pl_PL": "PESEL", "pt_BR": "CPF",
    "pt_PT": "NIF",
}  # fmt: skip

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}  # fmt: skip

CARD_TYPES = ["visa16", "visa13", "visa19", "mastercard", "amex", "discover", "diners",
              "jcb15", "jcb16", "maestro"]  # fmt: skip


class Gen:
    def __init__(self, locale: str, seed: int) -> None:
        self.locale = locale
        self.lang = locale[:2]
        self.region = locale[3:]
        self.fake = Faker(locale)
        self.fake.seed_instance(seed)
        self.rnd = random.Random(f"{seed}-{locale}")
        self.others = {loc: Faker(loc) for loc in LOCALES if loc != locale}
        for i, f in enumerate(self.others.values()):
            f.seed_instance(seed * 100 + i)
        self.card_i = 0
        # card networks are global: the en_US provider knows every type by name
        self.cards = Faker("en_US")
        self.cards.seed_instance(f"{seed}-{locale}-cards")

    # -- values ------------------------------------------------------------------------------
    def email(self) -> str:
        return self.rnd.choice([self.fake.email, self.fake.free_email, self.fake.company_email])()

    def phone(self) -> str:
        import phonenumbers

        foreign = self.rnd.random() < 0.25
        loc = self.rnd.choice(list(self.others)) if foreign else self.locale
        fake = self.others[loc] if foreign else self.fake
        region = loc[3:]
        bad = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
               phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.UAN}  # fmt: skip
        for _ in range(200):
            v = fake.phone_number()
            if "x" in v.lower():  # an extension is not part of the number's span
                continue
            try:
                n = phonenumbers.parse(v, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(n) and phonenumbers.number_type(n) not in bad:
                return v
        raise RuntimeError(f"no valid phone number for {loc}")

    def card(self) -> str:
        kind = CARD_TYPES[self.card_i % len(CARD_TYPES)]
        self.card_i += 1
        v = self.cards.credit_card_number(kind)
        r = self.rnd.random()
        if r < 0.4:
            if len(v) == 15 and v[:2] in ("34", "37"):
                return f"{v[:4]} {v[4:10]} {v[10:]}"
            return " ".join(v[i : i + 4] for i in range(0, len(v), 4))
        if r < 0.5:
            return "-".join(v[i : i + 4] for i in range(0, len(v), 4))
        return v

    def iban(self) -> str:
        from stdnum import iban

        v = self.fake.iban()
        assert iban.is_valid(v), v
        return iban.format(v) if self.rnd.random() < 0.5 else v

    def national_id(self) -> str:
        f, r = self.fake, self.rnd
        loc = self.locale
        if loc == "en_US":
            from stdnum.us import ssn

            while not ssn.is_valid(v := f.ssn()):
                pass
            return v
        if loc == "en_GB":
            first = "ABCEGHJKLMNOPRSTWXYZ"
            second = "ABCEGHJKLMNPRSTWXYZ"
            while True:
                p = r.choice(first) + r.choice(second)
                if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                    break
            d = "".join(r.choice(string.digits) for _ in range(6))
            s = r.choice("ABCD")
            return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}" if r.random() < 0.5 else f"{p}{d}{s}"
        if loc == "de_DE":
            from stdnum.de import idnr
            from stdnum.iso7064 import mod_11_10

            while True:
                body = str(r.randint(1, 9)) + "".join(r.choice(string.digits) for _ in range(9))
                v = body + mod_11_10.calc_check_digit(body)
                if idnr.is_valid(v):
                    return idnr.format(v) if r.random() < 0.4 else v
        if loc == "es_ES":
            return f.nif() if r.random() < 0.7 else f.nie()
        if loc == "pt_BR":
            return f.cpf()
        if loc == "pt_PT":
            # Faker's pt_PT vat_id has no valid check digit: a NIF made the way it is issued
            from stdnum.pt import nif

            body = r.choice("12356789") + "".join(r.choice(string.digits) for _ in range(7))
            return body + nif.calc_check_digit(body)
        if loc == "pl_PL":
            return f.pesel()
        if loc == "nl_BE":
            v = f.ssn()
            return f"{v[:2]}.{v[2:4]}.{v[4:6]}-{v[6:9]}.{v[9:]}" if r.random() < 0.5 else v
        if loc == "fr_FR":
            v = f.ssn()
            if r.random() < 0.4:
                return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"
            return v
        return f.ssn()  # it_IT codice fiscale, nl_NL BSN

    def ip(self) -> str:
        r = self.rnd.random()
        if r < 0.6:
            return self.fake.ipv4_public()
        if r < 0.85:
            return self.fake.ipv6()
        return self.fake.ipv4_private()

    def address(self) -> str:
        f, loc = self.fake, self.locale
        for _ in range(50):
            street = f.street_address().replace("\n", ", ").strip()
            if any(c.isdigit() for c in street) and not street[0].islower():
                break
        full = self.rnd.random() < 0.6
        if not full:
            return street
        if loc == "en_US":
            return f"{street}, {f.city()}, {f.state_abbr()} {f.postcode()}"
        if loc == "en_GB":
            return f"{street}, {f.city()} {f.postcode()}"
        return f"{street}, {f.postcode()} {f.city()}"

    def dob(self) -> str:
        d = self.fake.date_of_birth(minimum_age=18, maximum_age=90)
        r = self.rnd.random()
        if r < 0.35:
            months = MONTHS[self.lang].split()
            m = months[d.month - 1]
            if self.lang == "en":
                return f"{m} {d.day}, {d.year}" if self.region == "US" else f"{d.day} {m} {d.year}"
            if self.lang == "de":
                return f"{d.day}. {m} {d.year}"
            if self.lang in ("es", "pt"):
                return f"{d.day} de {m} de {d.year}"
            return f"{d.day} {m} {d.year}"
        if r < 0.45:
            return d.isoformat()
        if self.region == "US":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        sep = {"de": ".", "pl": ".", "nl": "-"}.get(self.lang, "/")
        return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"

    def passport(self) -> str:
        r = self.rnd
        L, D = string.ascii_uppercase, string.digits

        def pick(chars: str, n: int) -> str:
            return "".join(r.choice(chars) for _ in range(n))

        return {
            "US": lambda: pick(D, 9) if r.random() < 0.5 else pick(L, 1) + pick(D, 8),
            "GB": lambda: pick(D, 9),
            "DE": lambda: "C" + pick("CFGHJKLMNPRTVWXYZ" + D, 3) + pick(D, 5),
            "FR": lambda: pick(D, 2) + pick(L, 2) + pick(D, 5),
            "ES": lambda: pick(L, 3) + pick(D, 6),
            "IT": lambda: pick(L, 2) + pick(D, 7),
            "NL": lambda: pick(L, 2) + pick(L + D, 2) + pick(D, 4) + pick(D, 1),
            "BE": lambda: pick(L, 2) + pick(D, 6),
            "PL": lambda: pick(L, 2) + pick(D, 7),
            "BR": lambda: pick(L, 2) + pick(D, 6),
            "PT": lambda: pick(L, 1) + pick(D, 6),
        }[self.region]()

    def drivers_licence(self) -> str:
        r = self.rnd
        L, D = string.ascii_uppercase, string.digits

        def pick(chars: str, n: int) -> str:
            return "".join(r.choice(chars) for _ in range(n))

        def us() -> str:
            k = r.random()
            if k < 0.4:
                return pick(L, 1) + pick(D, 7)
            if k < 0.7:
                return pick(D, 9)
            return f"{pick(L, 1)}{pick(D, 3)}-{pick(D, 4)}-{pick(D, 4)}"

        def gb() -> str:
            name = self.fake.last_name().upper().replace(" ", "")[:5].ljust(5, "9")
            name = "".join(c if c in L else "9" for c in name)
            return name + pick(D, 6) + pick(L, 2) + pick(D, 1) + pick(L, 2)

        return {
            "US": us,
            "GB": gb,
            "DE": lambda: (
                pick(L, 1) + pick(D, 3) + pick(L, 3) + pick(D, 1) + pick(L, 1) + pick(D, 2)
            ),
            "FR": lambda: pick(D, 12),
            "ES": lambda: pick(D, 8) + pick(L, 1),
            "IT": lambda: pick(L, 2) + pick(D, 7) + pick(L, 1),
            "NL": lambda: pick(D, 10),
            "BE": lambda: pick(D, 10),
            "PL": lambda: f"{pick(D, 5)}/{pick(D, 2)}/{pick(D, 4)}",
            "BR": lambda: pick(D, 11),
            "PT": lambda: f"{pick(L, 2)}-{pick(D, 6)} {pick(D, 1)}",
        }[self.region]()

    # -- texts -------------------------------------------------------------------------------
    def sentence(self, kind: str) -> tuple[str, int, int, str]:
        cue = self.rnd.choice(CUES[self.lang][kind]).replace("{idname}", ID_NAMES[self.locale])
        value = getattr(self, kind)()
        head, tail = cue.split("{v}")
        return head + value + tail, len(head), len(head) + len(value), value

    def record(self, i: int, kinds: list[str]) -> dict:
        spans = []
        opening = self.rnd.choice(OPEN[self.lang])
        text = opening + " " if opening else ""
        for kind in kinds:
            s, a, b, value = self.sentence(kind)
            if a > 0:
                s = s[0].upper() + s[1:]
            start = len(text)
            spans.append({"start": start + a, "end": start + b, "type": kind, "value": value})
            text += s + ". "
        closing = self.rnd.choice(CLOSE[self.lang])
        text = (text + closing).strip()
        for sp in spans:
            assert text[sp["start"] : sp["end"]] == sp["value"], (text, sp)
        # an eval dataset case (brandguard.evals.dataset.Case): `brandguard eval` runs it too
        return {
            "id": f"faker-{self.locale}-{i:04d}",
            "split": "dev",
            "text": text,
            "platform": "x",
            "locale": self.locale.replace("_", "-"),
            "expected": {
                "decision": "block",
                "findings": [
                    {
                        "rule": f"privacy.pii.{sp['type']}",
                        "start": sp["start"],
                        "end": sp["end"],
                        "excerpt": sp["value"],
                    }
                    for sp in spans
                ],
            },
            "tags": {"category": "pii", "source": "synthetic: evals/scripts/make_pii_faker.py"},
        }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-locale", type=int, default=200)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    Faker.seed(args.seed)
    out: list[dict] = []
    for loc in LOCALES:
        g = Gen(loc, args.seed)
        kinds = [t for t in TYPES if t != "address" or loc in ADDRESS_LOCALES]
        for i in range(args.per_locale):
            first = kinds[i % len(kinds)]
            chosen = [first]
            if g.rnd.random() < 0.25:
                chosen.append(g.rnd.choice([k for k in kinds if k != first]))
            out.append(g.record(i, chosen))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for rec in out:
        for sp in rec["expected"]["findings"]:
            t = sp["rule"].rsplit(".", 1)[1]
            counts[t] = counts.get(t, 0) + 1
    print(f"{len(out)} texts, {len(LOCALES)} locales -> {args.out}")
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
