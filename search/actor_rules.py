"""Small per-language tables for actor matching: case endings, ambiguous names, role words."""
from __future__ import annotations

# Case endings stripped (longest first) to compare inflected names where Snowball is missing or
# too aggressive: Россия/России/Россией, Росія/Росії, Rosja/Rosji, Rusija/Rusiji.
_RU = ("ией", "ями", "ами", "иям", "иях", "ия", "ии", "ию", "ей", "ой", "ою", "ею", "ом", "ем",
       "ём", "ам", "ям", "ах", "ях", "а", "я", "ы", "и", "е", "у", "ю", "о", "й", "ь")
_UK = ("ією", "ями", "ами", "ія", "ії", "ію", "ою", "ею", "єю", "єм", "ом", "ем", "ам", "ям", "ах",
       "ях", "ей", "а", "я", "и", "і", "ї", "е", "є", "у", "ю", "о", "й", "ь")
_PL = ("ami", "ach", "owi", "iem", "om", "ów", "ie", "a", "ą", "ę", "e", "i", "y", "u", "o")
_CS = ("ech", "ách", "ami", "em", "ou", "ům", "a", "e", "i", "o", "u", "y", "ě", "é", "í", "ý")
_SH = ("ama", "om", "em", "a", "e", "i", "o", "u")
CASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "ru": _RU, "be": _RU, "uk": _UK, "bg": ("та", "а", "я"), "pl": _PL, "cs": _CS, "sk": _CS,
    "hr": _SH, "sr": _SH, "bs": _SH, "sl": _SH, "lv": ("as", "ai", "ā", "a", "u", "s", "i"),
}
# Languages whose country names decline (Rosja/Rosji, Russland/Russlands, Oroszország/-ban):
# only these match on stems. Romance languages and English do not inflect names, and their
# stemmers would make Martina a Martinique or Libero a Liberia.
INFLECTING = frozenset({"ru", "uk", "be", "bg", "pl", "cs", "sk", "hr", "sr", "bs", "sl", "lt",
                        "lv", "fi", "et", "hu", "el", "ro", "tr", "eu", "ga", "hy", "is", "de",
                        "nl", "sv", "da", "no", "lb"})
# Languages with an -s genitive the stemmer keeps: "Chinas", "Kinas".
GENITIVE_S = frozenset({"de", "nl", "sv", "da", "no", "lb"})
# Languages that capitalise every noun, so a capitalised neighbour says nothing.
NOUN_CAPITALISING = frozenset({"de", "lb"})

# Names that are also common words or first names in the text's language: rejected at the start
# of a sentence and beside another capitalised word ("Turkey prices", "Michael Jordan").
AMBIGUOUS_NAMES: dict[str, frozenset[str]] = {
    "en": frozenset({"turkey", "chad", "jordan", "jersey", "guinea", "chile", "niger", "polish",
                     "victoria", "sofia", "paris", "santiago", "lima", "male", "kingston", "nice",
                     "reunion", "martinique"}),
    "es": frozenset({"reunión", "lima", "mosca", "santiago", "victoria", "sofía", "paris", "chad"}),
    "pt": frozenset({"praia", "reunião", "lima", "vitória", "santiago", "chade", "paris", "sofia"}),
    "it": frozenset({"riga", "malta", "monaco", "roma", "ciad", "lima", "vittoria", "santiago",
                     "parigi", "sofia", "nato", "usa"}),
    "fr": frozenset({"réunion", "maurice", "jersey", "georgie", "tchad", "lima", "victoria",
                     "sofia", "santiago", "nice"}),
    "de": frozenset({"jersey", "tschad", "lima", "victoria", "sofia", "santiago", "island"}),
    "nl": frozenset({"jersey", "georgië", "tsjaad", "lima", "victoria", "sofia", "santiago"}),
    "pl": frozenset({"czad", "mali", "kuba", "lima", "wiktoria", "zofia", "santiago"}),
    "ru": frozenset({"чад", "мали", "виктория", "софия", "лима", "куба", "того"}),
    "uk": frozenset({"чад", "мали", "вікторія", "софія", "ліма", "куба", "того"}),
}

# Country names that are also common first names: a capitalised word after them is a surname
# ("Israel Fernández", "Paris Hilton", "Chad Smith"). Folded, any language.
FIRST_NAME_COUNTRIES = frozenset({"israel", "jordan", "chad", "georgia", "paris", "washington",
                                  "victoria", "santiago", "india", "sofia", "lima", "kenya",
                                  "israël", "jordania", "chile", "salvador", "guadalupe"})
# CLDR names never matched in a language: the other meaning wins there (Spanish "Granada" is
# the city, not Grenada; "Mauricio" and "Guadalupe" are first names).
EXCLUDED_CLDR_NAMES: dict[str, frozenset[str]] = {
    "es": frozenset({"granada", "mauricio", "guadalupe"}),
    "pt": frozenset({"guadalupe"}),
}
# Fixed phrases where a name or demonym means no actor; they win as longer matches.
NOT_ACTOR_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("French fries", "French toast", "French kiss", "Russian roulette", "Turkish delight",
           "Turkish bath", "Chinese whispers", "Brussels sprouts", "Latin American",
           "Latin America", "Niger River", "River Niger", "Atlanta, Georgia", "New Jersey",
           "Swiss cheese", "Danish pastry", "Indian Ocean"),
    "es": ("montaña rusa", "montañas rusas", "ensaladilla rusa", "ruleta rusa", "café americano",
           "tinta china", "fútbol americano", "río Níger", "sueño americano", "baño turco"),
    "it": ("insalata russa", "montagne russe", "montagna russa", "roulette russa",
           "caffè americano", "football americano", "fiume Niger", "indiani d'America",
           "bagno turco", "inchiostro di china", "sogno americano"),
    "fr": ("montagnes russes", "montagne russe", "roulette russe", "salade russe", "bain turc",
           "encre de Chine", "fleuve Niger", "café américain", "rêve américain"),
    "pt": ("montanha russa", "montanhas russas", "roleta russa", "salada russa", "café americano",
           "rio Níger", "banho turco", "tinta nanquim", "sonho americano"),
    "de": ("Russisch Roulette", "russisches Roulette", "Fluss Niger", "türkisches Bad",
           "Amerikanischer Traum", "amerikanischer Traum"),
}

# Role words that announce a person's name: "el general Zhang Youxia", "President Joe Bloggs".
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("president", "minister", "secretary", "chancellor", "general", "admiral", "senator",
           "governor", "ambassador", "spokesman", "spokeswoman", "spokesperson", "premier",
           "mayor", "commander", "leader", "king", "queen", "pope", "sheikh", "dictator", "congressman", "congresswoman", "representative", "judge",
           "chairman", "chairwoman", "ceo", "mr", "mrs", "ms", "dr", "colonel", "lieutenant"),
    "es": ("presidente", "presidenta", "ministro", "ministra", "canciller", "general", "almirante",
           "secretario", "secretaria", "portavoz", "embajador", "embajadora", "senador",
           "senadora", "gobernador", "gobernadora", "alcalde", "alcaldesa", "líder", "rey",
           "reina", "papa", "diputado", "diputada", "mandatario", "mandataria", "jefe", "jefa",
           "comandante", "primer", "vicepresidente", "vicepresidenta", "coronel", "juez", "jueza"),
    "it": ("presidente", "presidentessa", "ministro", "ministra", "premier", "generale",
           "ammiraglio", "segretario", "segretaria", "portavoce", "ambasciatore", "senatore",
           "senatrice", "governatore", "sindaco", "leader", "re", "regina", "papa", "deputato",
           "deputata", "cancelliere", "capo", "comandante", "colonnello", "vicepresidente"),
    "fr": ("président", "présidente", "ministre", "chancelier", "chancelière", "général",
           "amiral", "secrétaire", "porte-parole", "ambassadeur", "ambassadrice", "sénateur",
           "sénatrice", "gouverneur", "maire", "dirigeant", "dirigeante", "roi", "reine", "pape",
           "député", "députée", "chef", "commandant", "colonel", "vice-président"),
    "pt": ("presidente", "presidenta", "ministro", "ministra", "chanceler", "general",
           "almirante", "secretário", "secretária", "porta-voz", "embaixador", "embaixadora",
           "senador", "senadora", "governador", "governadora", "prefeito", "prefeita", "líder",
           "rei", "rainha", "papa", "deputado", "deputada", "chefe", "comandante", "coronel",
           "primeiro-ministro", "primeira-ministra", "vice-presidente"),
    "ru": ("президент", "министр", "премьер-министр", "генерал", "адмирал", "канцлер", "посол",
           "губернатор", "мэр", "лидер", "глава", "председатель", "пресс-секретарь", "сенатор",
           "депутат", "король", "королева", "папа", "командующий", "полковник", "вице-президент"),
    "uk": ("президент", "президента", "міністр", "прем'єр-міністр", "генерал", "адмірал",
           "канцлер", "посол", "губернатор", "мер", "лідер", "голова", "речник", "сенатор",
           "депутат", "король", "королева", "папа", "командувач", "полковник"),
    "pl": ("prezydent", "minister", "premier", "generał", "gen", "admirał", "kanclerz", "ambasador",
           "rzecznik", "senator", "gubernator", "burmistrz", "prezydentka", "lider", "przywódca",
           "król", "królowa", "papież", "poseł", "posłanka", "szef", "szefowa", "pułkownik"),
    "nl": ("president", "minister", "premier", "generaal", "admiraal", "kanselier", "ambassadeur",
           "woordvoerder", "senator", "gouverneur", "burgemeester", "leider", "koning",
           "koningin", "paus", "staatssecretaris"),
}
# German role words end compounds ("Außenministerin", "Bundeskanzler"): matched as word endings.
GERMAN_ROLE_ENDINGS = ("minister", "ministerin", "präsident", "präsidentin", "kanzler",
                       "kanzlerin", "general", "admiral", "botschafter", "botschafterin",
                       "sprecher", "sprecherin", "senator", "senatorin", "gouverneur",
                       "bürgermeister", "bürgermeisterin", "chef", "chefin", "könig", "königin",
                       "papst", "oberst", "staatssekretär", "staatssekretärin")
# Connecting words allowed inside a discovered name: "Ursula von der Leyen", "Luiz Inácio da Silva".
NAME_PARTICLES = frozenset({"de", "da", "di", "do", "dos", "das", "del", "della", "van", "von",
                            "der", "den", "du", "la", "le", "al", "bin", "ibn", "y", "e"})
# Capitalised words that mean an organisation or place, not a person's name.
NOT_NAME_WORDS = frozenset({
    "motors", "electric", "company", "corporation", "corp", "inc", "ltd", "group", "bank",
    "airlines", "assembly", "council", "committee", "party", "house", "office", "ministry",
    "department", "affairs", "defense", "defence", "state", "states", "republic", "union",
    "university", "news", "post", "times", "government", "staff", "forces", "army", "navy",
    "comisión", "ministerio", "gobierno", "estado", "defensa", "partido", "consejo", "asamblea",
    "ministero", "governo", "consiglio", "difesa", "partito", "ministère", "gouvernement",
    "conseil", "défense", "parti", "ministerium", "regierung", "partei", "rat", "bundestag",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "manager", "director", "directeur", "général", "hospital", "university", "universidad",
    "università", "université", "universität", "college", "school", "institute", "instituto",
    "foundation", "fundación", "club", "county", "island", "province", "city", "street",
    "airport", "center", "centre", "museum", "church", "district", "region", "agency",
    "association", "federation", "society", "board", "authority", "court", "police", "unit",
})
