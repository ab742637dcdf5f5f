"""The CROUS reference list.

Codes are the slugs the CROUS use in their own web domains
(crous-<code>.fr). `in_market` marks the 23 CROUS of the PlanetCampus
market; the overseas CROUS appear in the national open data but are
outside it. Aliases are the spellings found in steering documents and
spreadsheets; they are stored normalised (see naming.normalise_crous_name).
"""

CROUS_REFERENCE = [
    # code, official name, in market, extra domain codes, aliases
    ("aix-marseille", "Aix-Marseille Avignon", True, [], ["AIX-MARSEILLE", "AIX MARSEILLE", "AIX MARSEILLE AVIGNON"]),
    ("amiens", "Amiens-Picardie", True, [], ["AMIENS", "AMIENS PICARDIE"]),
    ("bordeaux", "Bordeaux-Aquitaine", True, [], ["BORDEAUX", "BORDEAUX AQUITAINE"]),
    ("bfc", "Bourgogne-Franche-Comté", True, ["besancon", "dijon"], ["BOURGOGNE FRANCHE COMTE", "BFC", "BOURGOGNE-FRANCHE-COMTÉ", "CROUS BOURGOGNE FRANCHE COMTE", "BESANCON", "DIJON"]),
    ("clermont", "Clermont Auvergne", True, [], ["CLERMONT", "CLERMONT-FERRAND", "CLERMONT AUVERGNE"]),
    ("creteil", "Créteil", True, [], ["CRETEIL"]),
    ("grenoble", "Grenoble Alpes", True, [], ["GRENOBLE", "GRENOBLE ALPES"]),
    ("lille", "Lille Nord-Pas de Calais", True, [], ["LILLE", "LILLE NORD PAS DE CALAIS"]),
    ("limoges", "Limoges", True, [], ["LIMOGES"]),
    ("lorraine", "Lorraine", True, ["nancy-metz"], ["LORRAINE", "NANCY-METZ", "NANCY METZ"]),
    ("lyon", "Lyon", True, [], ["LYON"]),
    ("montpellier", "Montpellier-Occitanie", True, [], ["MONTPELLIER", "MONTPELLIER OCCITANIE"]),
    ("nantes", "Nantes Pays de la Loire", True, [], ["NANTES", "NANTES PAYS DE LA LOIRE"]),
    ("nice", "Nice-Toulon", True, [], ["NICE", "NICE TOULON"]),
    ("normandie", "Normandie", True, ["normnadie", "caen", "rouen"], ["NORMANDIE"]),
    ("orleans-tours", "Orléans-Tours", True, [], ["ORLEANS TOURS", "ORLEANS-TOURS", "ORLÉANS-TOURS"]),
    ("paris", "Paris", True, [], ["PARIS"]),
    ("poitiers", "Poitiers", True, [], ["POITIERS"]),
    ("reims", "Reims", True, [], ["REIMS"]),
    ("rennes", "Rennes-Bretagne", True, [], ["RENNES", "RENNES BRETAGNE"]),
    ("strasbourg", "Strasbourg", True, [], ["STRASBOURG"]),
    ("toulouse", "Toulouse-Occitanie", True, [], ["TOULOUSE", "TOULOUSE OCCITANIE"]),
    ("versailles", "Versailles", True, [], ["VERSAILLES"]),
    ("antillesguyane", "Antilles-Guyane", False, [], ["ANTILLES GUYANE", "ANTILLES-GUYANE"]),
    ("corse", "Corse", False, [], ["CORSE"]),
    ("reunion", "La Réunion", False, [], ["REUNION", "LA REUNION"]),
]

# Metropolitan departments each CROUS serves, used when a residence's CROUS
# cannot be read from its e-mail or web domain: the postal code decides.
DEPARTMENTS = {
    "aix-marseille": ["04", "05", "13", "84"],
    "amiens": ["02", "60", "80"],
    "bordeaux": ["24", "33", "40", "47", "64"],
    "bfc": ["21", "25", "39", "58", "70", "71", "89", "90"],
    "clermont": ["03", "15", "43", "63"],
    "creteil": ["77", "93", "94"],
    "grenoble": ["07", "26", "38", "73", "74"],
    "lille": ["59", "62"],
    "limoges": ["19", "23", "87"],
    "lorraine": ["54", "55", "57", "88"],
    "lyon": ["01", "42", "69"],
    "montpellier": ["11", "30", "34", "48", "66"],
    "nantes": ["44", "49", "53", "72", "85"],
    "nice": ["06", "83"],
    "normandie": ["14", "27", "50", "61", "76"],
    "orleans-tours": ["18", "28", "36", "37", "41", "45"],
    "paris": ["75"],
    "poitiers": ["16", "17", "79", "86"],
    "reims": ["08", "10", "51", "52"],
    "rennes": ["22", "29", "35", "56"],
    "strasbourg": ["67", "68"],
    "toulouse": ["09", "12", "31", "32", "46", "65", "81", "82"],
    "versailles": ["78", "91", "92", "95"],
    "corse": ["2A", "2B", "20"],
    "antillesguyane": ["971", "972", "973"],
    "reunion": ["974", "976"],
}
