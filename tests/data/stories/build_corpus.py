"""Build the story test corpus: fictional stories told by five fictional outlets.

Every sentence here was written for unspin (no third-party text). Each story has a French
and an English telling; each outlet tells it in its own voice: the sober outlets cite a
named source, others cite anonymous ones, hedge, or use loaded words, and the figures
differ between outlets (the point of ``unspin compare``). A few unrelated articles are
stories of their own. Stories happen on the same days (two to four per day, several in the
same country or of the same kind), so that the date window alone cannot tell them apart.

Run ``python tests/data/stories/build_corpus.py`` to rewrite ``stories_dev.jsonl`` (stories
used to tune the clustering threshold) and ``stories_heldout.jsonl`` (never looked at while
tuning; its SHA-256 is pinned in ``tests/test_stories.py``). Each record has a ``story``
field (the gold story key; readers ignore it).
"""

# Long sentences are written as implicit concatenations inside the story tuples.
# ruff: noqa: ISC004
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent

FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Outlet:
    name: str
    language: str
    domain: str
    style: str  # sober | anonymous | loaded | hedging
    factor: float  # how this outlet's figures compare with the official one


OUTLETS = (
    Outlet("Le Courrier du Matin", "fr", "courrierdumatin.example", "sober", 1.0),
    Outlet("Radio Nord Info", "fr", "radionordinfo.example", "hedging", 1.5),
    Outlet("L'Éclaireur", "fr", "eclaireur.example", "loaded", 2.0),
    Outlet("The Daily Ledger", "en", "dailyledger.example", "sober", 1.0),
    Outlet("Global Wire Today", "en", "globalwiretoday.example", "anonymous", 0.5),
)


@dataclass(frozen=True)
class Story:
    key: str
    day: str
    value: int
    fr_source: str
    en_source: str
    fr: tuple[str, str, str]  # title, lead ({n}, {day}, {src}), detail
    en: tuple[str, str, str]
    outlets: tuple[int, ...]


STORIES = (
    Story("rockets-erbil", "2026-01-13", 12, "le gouvernement régional du Kurdistan",
          "the Kurdistan regional government",
          ("{n} roquettes tirées sur l'aéroport d'Erbil",
           "{n} roquettes ont visé l'aéroport d'Erbil {day} soir, selon {src}.",
           "Les vols ont été suspendus pendant plusieurs heures et deux hangars ont pris feu."),
          ("{n} rockets fired at Erbil airport",
           "{n} rockets targeted Erbil airport on {day} evening, according to {src}.",
           "Flights were suspended for several hours and two hangars caught fire."),
          (0, 1, 3, 4)),
    Story("flood-valencia", "2026-01-20", 8, "les services d'urgence de la région",
          "regional emergency services",
          ("Inondations meurtrières près de Valence : {n} morts",
           "Des pluies torrentielles ont fait {n} morts {day} près de Valence, selon {src}.",
           "Des dizaines de voitures ont été emportées et l'autoroute côtière reste coupée."),
          ("Deadly floods near Valencia kill {n}",
           "Torrential rain killed {n} people near Valencia on {day}, according to {src}.",
           "Dozens of cars were swept away and the coastal motorway remains closed."),
          (0, 2, 3, 4)),
    Story("strike-marseille", "2026-01-27", 3000, "la CGT des dockers",
          "the dockers' union",
          ("Grève au port de Marseille : {n} manifestants",
           "{n} dockers ont manifesté {day} devant le port de Marseille, selon {src}.",
           "Le trafic des ferries vers la Corse a été interrompu toute la journée."),
          ("{n} dockers march in Marseille port strike",
           "{n} dockers marched on {day} outside the port of Marseille, according to {src}.",
           "Ferry traffic to Corsica was halted for the whole day."),
          (0, 1, 2, 3)),
    Story("quake-izmir", "2026-01-20", 40, "l'agence turque de gestion des catastrophes",
          "Turkey's disaster management agency",
          ("Séisme à Izmir : au moins {n} blessés",
           "Un séisme de magnitude 5,8 a fait {n} blessés {day} à Izmir, selon {src}.",
           "Plusieurs immeubles anciens du centre se sont effondrés et les écoles sont fermées."),
          ("Earthquake in Izmir injures at least {n}",
           "A magnitude 5.8 earthquake injured {n} people in Izmir on {day}, according to {src}.",
           "Several old buildings collapsed in the city centre and schools are closed."),
          (1, 2, 3, 4)),
    Story("drone-kharkiv", "2026-01-13", 25, "l'administration militaire de Kharkiv",
          "Kharkiv's military administration",
          ("Attaque de drones sur Kharkiv : {n} drones abattus",
           "{n} drones ont été abattus {day} au-dessus de Kharkiv, selon {src}.",
           "Une centrale thermique a été touchée et une partie de la ville est privée de chauffage."),
          ("Drone attack on Kharkiv: {n} drones downed",
           "{n} drones were shot down over Kharkiv on {day}, according to {src}.",
           "A thermal power plant was hit and part of the city has no heating."),
          (0, 1, 2, 3, 4)),
    Story("fire-marseille-forest", "2026-01-27", 600, "les pompiers des Bouches-du-Rhône",
          "the Bouches-du-Rhône fire service",
          ("Incendie dans le massif des Calanques : {n} hectares brûlés",
           "Un incendie a détruit {n} hectares {day} dans le massif des Calanques, selon {src}.",
           "Plus de deux cents habitants ont été évacués par précaution."),
          ("Wildfire burns {n} hectares in the Calanques",
           "A wildfire destroyed {n} hectares in the Calanques hills on {day}, according to {src}.",
           "More than two hundred residents were evacuated as a precaution."),
          (0, 2, 3)),
    Story("convoy-gao", "2026-02-24", 9, "l'état-major malien",
          "the Malian army general staff",
          ("Embuscade contre un convoi près de Gao : {n} soldats tués",
           "{n} soldats ont été tués {day} dans une embuscade près de Gao, selon {src}.",
           "Le convoi transportait du carburant vers Ménaka quand un engin explosif a sauté."),
          ("Ambush on convoy near Gao kills {n} soldiers",
           "{n} soldiers were killed in an ambush near Gao on {day}, according to {src}.",
           "The convoy was carrying fuel to Ménaka when a roadside bomb went off."),
          (0, 1, 3, 4)),
    Story("election-dakar", "2026-02-25", 61, "la commission électorale",
          "the electoral commission",
          ("Sénégal : participation de {n} % au scrutin municipal",
           "La participation a atteint {n} % {day} aux municipales à Dakar, selon {src}.",
           "Des files d'attente se sont formées dès l'aube devant les bureaux de vote."),
          ("Senegal local elections: {n}% turnout",
           "Turnout reached {n}% in Dakar's local elections on {day}, according to {src}.",
           "Queues formed at dawn outside polling stations."),
          (0, 1, 3)),
    Story("train-lyon", "2026-01-21", 17, "la SNCF",
          "the national rail operator",
          ("Déraillement près de Lyon : {n} blessés",
           "Un train régional a déraillé {day} près de Lyon, faisant {n} blessés selon {src}.",
           "La circulation entre Lyon et Grenoble est interrompue jusqu'à nouvel ordre."),
          ("Train derails near Lyon, {n} injured",
           "A regional train derailed near Lyon on {day}, injuring {n} people, according to {src}.",
           "Services between Lyon and Grenoble are suspended until further notice."),
          (0, 2, 3, 4)),
    Story("protest-tbilisi", "2026-01-28", 20000, "les organisateurs",
          "the organisers",
          ("Tbilissi : {n} manifestants contre la loi sur les médias",
           "{n} personnes ont manifesté {day} à Tbilissi contre la loi sur les médias, "
           "selon {src}.",
           "La police a dispersé le rassemblement devant le Parlement à coups de canons à eau."),
          ("{n} protest media law in Tbilisi",
           "{n} people protested against the media law in Tbilisi on {day}, according to {src}.",
           "Police used water cannon to disperse the rally outside parliament."),
          (1, 2, 3, 4)),
    Story("cholera-beira", "2026-03-24", 150, "le ministère mozambicain de la Santé",
          "Mozambique's health ministry",
          ("Choléra à Beira : {n} nouveaux cas",
           "{n} nouveaux cas de choléra ont été recensés {day} à Beira, selon {src}.",
           "Les centres de traitement sont saturés et l'eau potable manque dans les quartiers nord."),
          ("Cholera in Beira: {n} new cases",
           "{n} new cholera cases were recorded in Beira on {day}, according to {src}.",
           "Treatment centres are full and the northern districts lack drinking water."),
          (0, 1, 3)),
    Story("shelling-donetsk-market", "2026-01-14", 7, "les autorités locales",
          "local authorities",
          ("Un marché de Donetsk bombardé : {n} morts",
           "Un bombardement a touché {day} un marché de Donetsk, faisant {n} morts selon {src}.",
           "Les étals ont été soufflés et plusieurs voitures ont brûlé sur le parking."),
          ("Shelling of Donetsk market kills {n}",
           "Shelling hit a market in Donetsk on {day}, killing {n} people, according to {src}.",
           "Stalls were blown apart and several cars burned in the car park."),
          (0, 2, 3, 4)),
    Story("hostage-release-niamey", "2026-02-24", 4, "la présidence nigérienne",
          "Niger's presidency",
          ("Niger : libération de {n} otages à Niamey",
           "{n} otages ont été libérés {day} et sont arrivés à Niamey, selon {src}.",
           "Ils avaient été enlevés il y a six mois dans la région de Tillabéri."),
          ("Niger: {n} hostages freed, flown to Niamey",
           "{n} hostages were freed on {day} and flown to Niamey, according to {src}.",
           "They had been kidnapped six months ago in the Tillabéri region."),
          (0, 1, 2, 3)),
    Story("heatwave-delhi", "2026-03-24", 47, "le service météorologique indien",
          "India's weather service",
          ("Canicule à New Delhi : {n} degrés relevés",
           "Le thermomètre a atteint {n} degrés {day} à New Delhi, selon {src}.",
           "Les écoles ont avancé leurs vacances et les hôpitaux signalent des coups de chaleur."),
          ("Heatwave in New Delhi hits {n} degrees",
           "Temperatures reached {n} degrees in New Delhi on {day}, according to {src}.",
           "Schools brought forward their holidays and hospitals report heatstroke cases."),
          (0, 3, 4)),
    Story("mine-collapse-lubumbashi", "2026-02-25", 11, "le gouverneur du Haut-Katanga",
          "the governor of Haut-Katanga",
          ("Effondrement d'une mine près de Lubumbashi : {n} mineurs morts",
           "{n} mineurs sont morts {day} dans l'effondrement d'une mine près de Lubumbashi, "
           "selon {src}.",
           "Les secours creusent toujours pour atteindre une galerie où d'autres seraient bloqués."),
          ("Mine collapse near Lubumbashi kills {n} miners",
           "{n} miners died when a mine collapsed near Lubumbashi on {day}, according to {src}.",
           "Rescuers are still digging towards a gallery where others may be trapped."),
          (0, 1, 2, 3, 4)),
    # -- held-out stories (from here on: written before tuning, never looked at while tuning)
    Story("airstrike-idlib", "2026-05-05", 14, "les Casques blancs",
          "the White Helmets",
          ("Frappes aériennes sur Idlib : {n} civils tués",
           "Des frappes aériennes ont tué {n} civils {day} à Idlib, selon {src}.",
           "Une boulangerie et une école ont été détruites dans le quartier est."),
          ("Air strikes on Idlib kill {n} civilians",
           "Air strikes killed {n} civilians in Idlib on {day}, according to {src}.",
           "A bakery and a school were destroyed in the eastern district."),
          (0, 2, 3, 4)),
    Story("migrants-lampedusa", "2026-05-12", 500, "les garde-côtes italiens",
          "the Italian coast guard",
          ("Lampedusa : {n} migrants débarqués en une nuit",
           "{n} migrants ont débarqué {day} à Lampedusa, selon {src}.",
           "Le centre d'accueil de l'île, prévu pour quatre cents personnes, est débordé."),
          ("{n} migrants land on Lampedusa in one night",
           "{n} migrants landed on Lampedusa on {day}, according to {src}.",
           "The island's reception centre, built for four hundred people, is overwhelmed."),
          (0, 1, 3, 4)),
    Story("dam-breach-derna", "2026-05-06", 30, "le Croissant-Rouge libyen",
          "the Libyan Red Crescent",
          ("Rupture d'une digue près de Derna : {n} disparus",
           "{n} personnes sont portées disparues {day} après la rupture d'une digue près de "
           "Derna, selon {src}.",
           "L'eau a envahi les quartiers bas et les routes vers Benghazi sont coupées."),
          ("Dam breach near Derna leaves {n} missing",
           "{n} people are missing after a dam burst near Derna on {day}, according to {src}.",
           "Water flooded the low-lying districts and roads to Benghazi are cut."),
          (1, 2, 3)),
    Story("cyberattack-hospital-lille", "2026-05-13", 2000, "la direction du CHU de Lille",
          "the management of Lille university hospital",
          ("Cyberattaque contre le CHU de Lille : {n} rendez-vous annulés",
           "Une cyberattaque a forcé le CHU de Lille à annuler {n} rendez-vous {day}, "
           "selon {src}.",
           "Les urgences fonctionnent en mode dégradé, avec des dossiers papier."),
          ("Cyberattack on Lille hospital cancels {n} appointments",
           "A cyberattack forced Lille university hospital to cancel {n} appointments on {day}, "
           "according to {src}.",
           "The emergency department is running on paper records."),
          (0, 1, 3, 4)),
    Story("clashes-khartoum", "2026-05-05", 35, "un syndicat de médecins soudanais",
          "a Sudanese doctors' union",
          ("Combats à Khartoum : {n} morts en deux jours",
           "Les combats ont fait {n} morts {day} à Khartoum, selon {src}.",
           "Des tirs d'artillerie ont visé les abords de l'aéroport et du palais présidentiel."),
          ("Fighting in Khartoum kills {n} in two days",
           "Fighting killed {n} people in Khartoum on {day}, according to {src}.",
           "Artillery fire hit the areas around the airport and the presidential palace."),
          (0, 2, 3, 4)),
    Story("bridge-collapse-genoa", "2026-05-12", 5, "la préfecture de Gênes",
          "the Genoa prefecture",
          ("Un pont s'effondre à Gênes : {n} blessés",
           "Un pont routier s'est effondré {day} à Gênes, faisant {n} blessés selon {src}.",
           "Un camion et trois voitures sont tombés dans le lit de la rivière, presque à sec."),
          ("Road bridge collapses in Genoa, {n} injured",
           "A road bridge collapsed in Genoa on {day}, injuring {n} people, according to {src}.",
           "A lorry and three cars fell into the almost dry riverbed."),
          (0, 1, 2, 3, 4)),
    Story("wheat-odesa", "2026-05-13", 300000, "le ministère ukrainien de l'Agriculture",
          "Ukraine's agriculture ministry",
          ("Odessa : {n} tonnes de blé exportées malgré les frappes",
           "{n} tonnes de blé ont quitté {day} le port d'Odessa, selon {src}.",
           "Les navires ont longé la côte roumaine pour éviter les zones minées."),
          ("Odesa ships {n} tonnes of wheat despite strikes",
           "{n} tonnes of wheat left the port of Odesa on {day}, according to {src}.",
           "Ships hugged the Romanian coast to avoid mined areas."),
          (0, 3, 4)),
)
HELDOUT_FROM = "airstrike-idlib"

# Each outlet's own voice: how it cites, hedges or colours a story (a few variants each).
STYLE_LINES: dict[tuple[str, str], tuple[str, ...]] = {
    ("sober", "fr"): (
        "L'enquête doit préciser les circonstances exactes, a indiqué un porte-parole du "
        "ministère de l'Intérieur.",
        "Un nouveau point sera fait demain matin, a précisé la préfecture dans un communiqué.",
        "Les chiffres restent provisoires, a souligné le maire lors d'une conférence de presse.",
    ),
    ("hedging", "fr"): (
        "Le bilan pourrait encore s'alourdir, a-t-on appris de source sécuritaire.",
        "Des témoins évoquent des dégâts bien plus importants, qui n'auraient pas encore été "
        "recensés.",
        "Selon une source proche du dossier, les autorités auraient été prévenues la veille.",
    ),
    ("loaded", "fr"): (
        "Un fiasco honteux de plus pour des autorités totalement dépassées, qui ont une fois "
        "encore abandonné la population.",
        "Ce carnage scandaleux était prévisible : tout le monde sait que rien n'a été fait.",
        "Il ne fait aucun doute que cette catastrophe est le fruit d'une incurie criminelle.",
    ),
    ("sober", "en"): (
        "An investigation will establish the exact circumstances, a spokesman for the "
        "interior ministry said.",
        "A further update is expected on Thursday morning, officials said in a statement.",
        "The figures remain provisional, the mayor told a news conference.",
    ),
    ("anonymous", "en"): (
        "The toll could rise further, sources close to the investigation said.",
        "Witnesses described damage far worse than officially acknowledged, reportedly "
        "including several buildings.",
        "A senior official, speaking on condition of anonymity, said warnings had been ignored.",
    ),
}

# Unrelated articles: each a story of its own.
SINGLES: tuple[tuple[str, int, str, str, str, str], ...] = (
    ("single-cheese", 0, "2026-01-15", "fr", "Le comté fête ses records d'exportation",
     "Les fromageries du Jura ont exporté un volume record de comté l'an dernier, selon "
     "l'interprofession.\n\nLes ventes vers le Japon ont doublé en deux ans."),
    ("single-chess", 3, "2026-02-05", "en", "Teenager wins national chess title",
     "A sixteen-year-old from Leeds won the national chess championship on Sunday, the "
     "federation said.\n\nShe beat the defending champion in a tense final round."),
    ("single-museum", 2, "2026-02-28", "fr", "Un musée de la photographie ouvre à Arles",
     "Un nouveau musée consacré à la photographie a ouvert ses portes samedi à Arles.\n\n"
     "L'exposition inaugurale réunit deux cents tirages des années 1950."),
    ("single-rates", 4, "2026-03-12", "en", "Central bank holds rates steady",
     "The central bank kept its main interest rate unchanged on Thursday, citing easing "
     "inflation.\n\nMarkets had widely expected the decision."),
    ("single-rugby", 1, "2026-04-02", "fr", "Rugby : Toulouse file en finale",
     "Le Stade toulousain s'est qualifié dimanche pour la finale du championnat.\n\n"
     "Les Toulousains se sont imposés de dix points face à Clermont."),
    ("single-bees", 3, "2026-05-08", "en", "Beekeepers report a strong spring harvest",
     "Beekeepers in the south-west report their best spring honey harvest in a decade.\n\n"
     "A mild winter and early blossom helped the colonies."),
    ("single-festival", 0, "2026-06-04", "fr", "Le festival de jazz de Vienne dévoile son "
     "affiche", "Le festival de jazz de Vienne a dévoilé mardi sa programmation estivale.\n\n"
     "Une trentaine de concerts sont prévus au théâtre antique."),
    ("single-satellite", 4, "2026-06-11", "en", "Weather satellite launched successfully",
     "A new European weather satellite was launched successfully on Wednesday.\n\n"
     "It will improve storm forecasts over the Atlantic."),
)
SINGLES_HELDOUT_FROM = "single-bees"


def _figure(value: int, factor: float, language: str) -> str:
    n = round(value * factor)
    if n >= 1000:
        sep = "\u202f" if language == "fr" else ","
        return f"{n:,}".replace(",", sep)
    return str(n)


def _article(story: Story, index: int, outlet_index: int) -> dict[str, object]:
    outlet = OUTLETS[outlet_index]
    lang = outlet.language
    event = date.fromisoformat(story.day)
    # Some outlets publish the next day: the same story spans two dates.
    published = event + timedelta(days=(index + outlet_index) % 2)
    day = (FR_DAYS if lang == "fr" else EN_DAYS)[event.weekday()]
    title, lead, detail = story.fr if lang == "fr" else story.en
    # Percentages and temperatures are not inflated the way tolls are.
    factor = outlet.factor if story.value not in (61, 47) else 1.0
    n = _figure(story.value, factor, lang)
    if outlet.style in ("sober", "hedging"):
        source = story.fr_source if lang == "fr" else story.en_source
    else:
        source = "des sources locales" if lang == "fr" else "local sources"
    style = STYLE_LINES[(outlet.style, lang)][(index + outlet_index) % 3]
    first = lead.format(n=n, day=day, src=source)
    first = first[0].upper() + first[1:]
    body = [title.format(n=n), "", first, "", detail, "", style]
    slug = story.key
    return {
        "story": story.key, "outlet": outlet.name, "language": lang,
        "published": published.isoformat(), "title": title.format(n=n),
        "url": f"https://{outlet.domain}/{published.year}/{slug}",
        "text": "\n".join(body) + "\n",
    }


def build() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The (dev, held-out) records."""
    dev: list[dict[str, object]] = []
    heldout: list[dict[str, object]] = []
    target = dev
    for index, story in enumerate(STORIES):
        if story.key == HELDOUT_FROM:
            target = heldout
        target.extend(_article(story, index, o) for o in story.outlets)
    target = dev
    for key, outlet_index, day, lang, title, text in SINGLES:
        if key == SINGLES_HELDOUT_FROM:
            target = heldout
        outlet = OUTLETS[outlet_index]
        target.append({"story": key, "outlet": outlet.name, "language": lang,
                       "published": day, "title": title,
                       "url": f"https://{outlet.domain}/{day[:4]}/{key}",
                       "text": f"{title}\n\n{text}\n"})
    return dev, heldout


def main() -> None:
    dev, heldout = build()
    for name, records in (("stories_dev.jsonl", dev), ("stories_heldout.jsonl", heldout)):
        with open(HERE / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        print(f"{name}: {len(records)} articles")


if __name__ == "__main__":
    main()
