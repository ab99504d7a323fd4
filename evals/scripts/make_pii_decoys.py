"""Write the decoy corpus ``evals/datasets/pii/decoys.jsonl`` (issue 12): ordinary brand posts
with no personal data and many number-like decoys (prices, order counts, versions, dates,
times, product codes, SKUs, hashtags with digits, scores, years, percentages, model and
flight numbers, IP-like version strings). Every PII finding on it is a false alarm.

    python evals/scripts/make_pii_decoys.py

The posts are hand-written templates in seven languages, each filled with decoy values from
a fixed seed; no Faker, no personal data.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "datasets" / "pii" / "decoys.jsonl"

TEMPLATES = {
    "en-US": [
        "Black Friday: everything {pct} off until {date}. Prices from ${price}. #BlackFriday{year}",
        "App update {ver} is live: faster checkout and dark mode. Release notes in the app.",
        "Firmware {ver4} for the X{model} router fixes Wi-Fi drops. Update from the settings page.",
        "We shipped {count} orders yesterday. Thank you! Doors open at {time} tomorrow.",
        "Final score {score}! What a match. Next game {date} at {time}. #GameDay",
        "New drop: SKU {sku} in three colours, ${price} each. Limited run of {count}.",
        "Flight {flight} to Lisbon departs at {time}; gate changes show in the app.",
        "Model {model}-{modelb} is back in stock. Tracking codes go out by email within 24 hours.",
        "Our {year} impact report: {pct} less packaging, {count} trees planted.",
        "Part no. {part} fits every 2019-{year} model. Free returns for 30 days.",
        "Happy {n}th birthday to our flagship! Founded {year}, still roasting daily.",
        "Version {ver} of the SDK supports Python 3.{n}. Changelog on GitHub.",
        "Save ${price} on the {model} bundle. Offer code SPRING{n}{n} ends {date}.",
        "Doors {time}, show {time}. Tickets ${price}. Row {n}, seats {n}-{n2}.",
        "{count} people joined the 5K this year. Finish times from {time} to {time}.",
        "The {model} has a {n}-inch screen and {n2} GB of storage, from ${price}.",
        "Build {ver4} rolls out to beta testers this week.",
        "Our hotline opens {date}. Until then, chat with us in the app 24/7.",
    ],
    "en-GB": [
        "Boxing Day sale: up to {pct} off from {date}. Prices from £{price}. #BoxingDay",
        "Matchday! {score} at half time. Kick-off next week at {time}.",
        "Order count this week: {count}. Thanks, everyone! Dispatch cut-off is {time}.",
        "Product code {sku} is our best seller, now £{price}.",
        "Update {ver} brings offline maps. Tap Settings > About to check yours.",
        "Train {flight} from Leeds is delayed by {n} minutes; refunds in the app.",
        "Ref {part} on the box? That's the batch code, not your order number.",
        "Our {year} range: {count} styles, {pct} recycled materials.",
        "Version {ver4} of the till software is rolling out to stores.",
        "Pack of {n} for £{price}. Valid until {date} while stocks last.",
        "Visit our new store at {street} Street, Leeds LS1 {n}AB, opening {date}!",
    ],
    "de-DE": [
        "Sommerschlussverkauf: {pct} Rabatt bis {date}. Ab {price} €. #SSV{year}",
        "Update {ver} ist da: schnellere Suche und neues Design.",
        "Artikelnummer {sku}, jetzt {price} € statt {price2} €.",
        "Endstand {score}! Nächstes Heimspiel am {date} um {time} Uhr.",
        "Wir haben {count} Bestellungen verschickt. Danke! Öffnungszeiten: {time}-{time} Uhr.",
        "Firmware {ver4} für die Kamera K{model} behebt den Akku-Fehler.",
        "Flug {flight} nach Palma startet um {time}.",
        "Modell {model}-{modelb} wieder lieferbar. {n} Jahre Garantie.",
        "Besuchen Sie uns in der Hauptstraße {n}, 10115 Berlin – ab {date} geöffnet!",
        "Unsere Bilanz {year}: {pct} weniger Plastik, {count} Bäume gepflanzt.",
        "Gutscheincode HERBST{n}{n} gilt bis {date}.",
    ],
    "fr-FR": [
        "Soldes d'hiver : jusqu'à {pct} de remise jusqu'au {date}. Dès {price} €.",
        "Mise à jour {ver} disponible : paiement plus rapide.",
        "Référence {sku} : {price} € au lieu de {price2} €.",
        "Score final {score} ! Prochain match le {date} à {time}.",
        "{count} commandes expédiées cette semaine, merci ! #Merci{year}",
        "Le vol {flight} pour Nice part à {time}.",
        "Version {ver4} du logiciel de caisse en cours de déploiement.",
        "Venez nous voir au {n} rue de la Paix, 75002 Paris : notre boutique ouvre le {date} !",
        "Modèle {model}-{modelb} de retour en stock, garantie {n} ans.",
        "Notre bilan {year} : {pct} d'emballages en moins.",
    ],
    "es-ES": [
        "Rebajas: hasta un {pct} de descuento hasta el {date}. Desde {price} €.",
        "Actualización {ver} disponible: pago más rápido.",
        "Referencia {sku}: {price} € antes {price2} €.",
        "¡Resultado final {score}! Próximo partido el {date} a las {time}.",
        "Hemos enviado {count} pedidos esta semana. ¡Gracias! #Gracias{year}",
        "El vuelo {flight} a Palma sale a las {time}.",
        "Visítanos en nuestra nueva tienda de Calle Mayor {n}, 28013 Madrid, desde el {date}.",
        "Versión {ver4} del firmware para el modelo {model}.",
        "Modelo {model}-{modelb} otra vez disponible. {n} años de garantía.",
    ],
    "it-IT": [
        "Saldi: fino al {pct} di sconto fino al {date}. Da {price} €.",
        "Aggiornamento {ver} disponibile: pagamenti più veloci.",
        "Codice prodotto {sku}: {price} € invece di {price2} €.",
        "Risultato finale {score}! Prossima partita il {date} alle {time}.",
        "Abbiamo spedito {count} ordini questa settimana. Grazie! #Grazie{year}",
        "Il volo {flight} per Catania parte alle {time}.",
        "Vieni a trovarci nel nostro negozio di Via Roma {n}, 00184 Roma, dal {date}!",
        "Versione {ver4} del firmware per il modello {model}.",
    ],
    "nl-NL": [
        "Uitverkoop: tot {pct} korting t/m {date}. Vanaf € {price}.",
        "Update {ver} is uit: sneller afrekenen.",
        "Artikelnummer {sku}: € {price} in plaats van € {price2}.",
        "Eindstand {score}! Volgende wedstrijd op {date} om {time}.",
        "We hebben {count} bestellingen verstuurd. Bedankt! #Bedankt{year}",
        "Vlucht {flight} naar Malaga vertrekt om {time}.",
        "Kom langs in onze nieuwe winkel op de Kalverstraat {n}, 1012 PH Amsterdam, vanaf {date}!",
        "Versie {ver4} van de app staat klaar.",
    ],
    "pl-PL": [
        "Wyprzedaż: do {pct} rabatu do {date}. Od {price} zł.",
        "Aktualizacja {ver} już dostępna.",
        "Kod produktu {sku}: {price} zł zamiast {price2} zł.",
        "Wynik końcowy {score}! Następny mecz {date} o {time}.",
    ],
    "pt-BR": [
        "Black Friday: até {pct} de desconto até {date}. A partir de R$ {price}.",
        "Atualização {ver} disponível: pagamento mais rápido.",
        "Código do produto {sku}: R$ {price}.",
        "Placar final {score}! Próximo jogo em {date} às {time}.",
    ],
}  # fmt: skip


def values(r: random.Random) -> dict[str, str]:
    def d(n: int) -> str:
        return "".join(r.choice("0123456789") for _ in range(n))

    year = str(r.randint(2019, 2027))
    return {
        "pct": f"{r.choice([10, 15, 20, 25, 30, 40, 50, 70])}%",
        "date": r.choice(
            [
                f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{year}",
                f"{r.randint(1, 12)}/{r.randint(1, 28)}/{year}",
                f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                f"{r.randint(1, 28)} {r.choice(['March', 'June', 'Oct', 'Dec'])} {year}",
            ]
        ),
        "price": r.choice(
            [
                f"{r.randint(5, 999)}.{r.choice(['99', '49', '00'])}",
                f"{r.randint(1, 9)},{r.randint(100, 999)}.00",
                str(r.randint(5, 99)),
            ]
        ),
        "price2": f"{r.randint(100, 1999)},{r.choice(['99', '00'])}",
        "year": year,
        "ver": f"{r.randint(1, 12)}.{r.randint(0, 20)}.{r.randint(0, 30)}",
        "ver4": r.choice(
            [
                f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 99)}",
                f"{r.randint(10, 20)}.0.{r.randint(1000, 22000)}.{r.randint(100, 3000)}",
                f"v{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}",
            ]
        ),
        "count": r.choice(
            [f"{r.randint(1, 99)},{d(3)}", str(r.randint(100, 99999)), f"{r.randint(1, 9)}.{d(3)}"]
        ),
        "time": r.choice(
            [
                f"{r.randint(7, 22)}:{r.choice(['00', '15', '30', '45'])}",
                f"{r.randint(1, 12)}{r.choice(['am', 'pm'])}",
            ]
        ),
        "score": f"{r.randint(0, 5)}-{r.randint(0, 5)}",
        "sku": r.choice(
            [
                f"{d(2)}-{d(4)}-{d(4)}",
                f"{d(3)}-{d(3)}-{d(4)}",
                f"{r.choice('ABCDEFGH')}{d(3)}-{d(7)}",
                d(13),
                f"{d(4)} {d(4)} {d(2)}",
                f"{r.choice(['TRK', 'PRD', 'SKU'])}{d(10)}",
            ]
        ),
        "part": f"{d(4)}-{d(3)}-{d(3)}",
        "model": str(r.randint(100, 9999)),
        "modelb": r.choice(["XL", "Pro", "S", d(2)]),
        "flight": f"{r.choice(['LH', 'BA', 'AF', 'IB', 'KL', 'FR', 'U2', 'ICE '])}{r.randint(10, 9999)}",
        "street": str(r.randint(1, 200)),
        "n": str(r.randint(2, 9)),
        "n2": str(r.randint(10, 64)),
    }


def main() -> int:
    r = random.Random(2026)
    out = []
    i = 0
    while len(out) < 360:
        for locale, templates in TEMPLATES.items():
            t = templates[i % len(templates)]
            v = values(r)
            text = t.format(**v)
            out.append(
                {
                    "id": f"decoy-{len(out):04d}",
                    "split": "dev",
                    "text": text,
                    "platform": "x",
                    "locale": locale,
                    "expected": {"decision": "pass"},
                    "tags": {
                        "category": "pii-decoy",
                        "source": "synthetic: evals/scripts/make_pii_decoys.py",
                    },
                }
            )
        i += 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(out)} decoy posts -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
