"""Language table and detection: paragraphs, articles, queries, priors, codes."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from search.detection import (
    detect_article_languages,
    detect_language,
    detect_paragraph_languages,
    detect_query_languages,
)
from search.languages import DETECTABLE_LANGUAGES, get_language, normalize_code, stemmed_languages

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "data"
SEEDS = ROOT / "seeds"

PARAGRAPHS = [
    ("es", "El gobierno anunció ayer nuevas medidas para contener la inflación durante el invierno."),
    ("it", "Il governo ha annunciato ieri nuove misure per contenere l'inflazione durante l'inverno."),
    ("fr", "Le gouvernement a annoncé hier de nouvelles mesures pour contenir l'inflation cet hiver."),
    ("de", "Die Regierung hat gestern neue Maßnahmen angekündigt, um die Inflation im Winter zu bremsen."),
    ("pt", "O governo anunciou ontem novas medidas para conter a inflação durante o inverno."),
    ("en", "The government announced new measures yesterday to contain inflation during the winter."),
    ("nl", "De regering heeft gisteren nieuwe maatregelen aangekondigd om de inflatie deze winter te beperken."),
    ("sv", "Regeringen presenterade i går nya åtgärder för att hålla nere inflationen under vintern."),
    ("no", "Regjeringen la i går fram nye tiltak for å holde prisveksten nede gjennom vinteren."),
    ("da", "Regeringen fremlagde i går nye tiltag for at holde inflationen nede i løbet af vinteren."),
    ("fi", "Hallitus julkisti eilen uusia toimia inflaation hillitsemiseksi talven aikana."),
    ("pl", "Rząd ogłosił wczoraj nowe środki mające powstrzymać inflację w okresie zimowym."),
    ("cs", "Vláda včera oznámila nová opatření, která mají během zimy zbrzdit inflaci."),
    ("hu", "A kormány tegnap új intézkedéseket jelentett be az infláció téli megfékezésére."),
    ("ro", "Guvernul a anunțat ieri noi măsuri pentru a ține sub control inflația în timpul iernii."),
    ("tr", "Hükümet dün kış boyunca enflasyonu kontrol altına almak için yeni önlemler açıkladı."),
    ("ca", "El govern va anunciar ahir noves mesures per contenir la inflació durant l'hivern."),
    ("ru", "Правительство вчера объявило о новых мерах по сдерживанию инфляции в течение зимы."),
    ("uk", "Уряд учора оголосив про нові заходи для стримування інфляції протягом зими."),
    ("el", "Η κυβέρνηση ανακοίνωσε χθες νέα μέτρα για τον περιορισμό του πληθωρισμού τον χειμώνα."),
    ("ar", "أعلنت الحكومة أمس عن إجراءات جديدة لاحتواء التضخم خلال فصل الشتاء."),
    ("fa", "دولت دیروز اقدامات تازه‌ای را برای مهار تورم در طول زمستان اعلام کرد."),
    ("he", "הממשלה הודיעה אתמול על צעדים חדשים לבלימת האינפלציה במהלך החורף."),
    ("yi", "די רעגירונג האָט נעכטן אָנגעזאָגט נײַע מיטלען צו האַלטן די אינפֿלאַציע דעם ווינטער."),
    ("hi", "सरकार ने कल सर्दियों के दौरान महंगाई को रोकने के लिए नए उपायों की घोषणा की।"),
    ("zh", "政府昨天宣布了新的措施，以在冬季期间抑制通货膨胀。"),
    ("ja", "政府は昨日、冬の間のインフレを抑えるための新たな対策を発表した。"),
    ("ko", "정부는 어제 겨울 동안 물가 상승을 억제하기 위한 새로운 대책을 발표했다."),
    ("th", "รัฐบาลประกาศมาตรการใหม่เมื่อวานนี้เพื่อควบคุมเงินเฟ้อในช่วงฤดูหนาว"),
]


@pytest.mark.parametrize(("expected", "text"), PARAGRAPHS, ids=[c for c, _ in PARAGRAPHS])
def test_detect_language_of_a_paragraph(expected: str, text: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(("expected", "text"), PARAGRAPHS, ids=[c for c, _ in PARAGRAPHS])
def test_paragraph_in_another_language_overrides_the_article_prior(expected: str, text: str) -> None:
    prior = "de" if expected != "de" else "fr"
    assert detect_paragraph_languages([text], prior=prior) == [expected]


@pytest.mark.parametrize(("prior", "short"), [
    ("it", "• Svolgere esercitazioni militari combinate in modo regolare."),
    ("it", "Pilastri della cooperazione rafforzata:"),
    ("es", "Real Madrid"),
    ("es", "Putin y Xi"),
    ("en", "Photo: Reuters"),
    ("fr", "Vladimir Poutine"),
    ("de", "12.03.2026"),
    ("pt", "🌍"),
])
def test_short_paragraphs_keep_the_article_language(prior: str, short: str) -> None:
    assert detect_paragraph_languages([short], prior=prior) == [prior]


@pytest.mark.parametrize(("prior", "short", "expected"), [
    ("it", "Москва и Пекин", {"ru", "bg", "uk", "mk", "sr", "be"}),
    ("en", "Αθήνα και Ρώμη", {"el"}),
    ("fr", "東京の天気", {"ja"}),
    ("es", "서울 날씨", {"ko"}),
    ("de", "ข่าววันนี้", {"th"}),
])
def test_short_paragraph_in_another_script_leaves_the_prior(prior: str, short: str, expected: set[str]) -> None:
    assert detect_paragraph_languages([short], prior=prior)[0] in expected


def test_seed_article_caption_is_spanish_and_the_rest_italian() -> None:
    path = SEEDS / "003_9419a023137d7c1a.txt"
    paragraphs = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    main, languages = detect_article_languages(paragraphs)
    caption = next(i for i, p in enumerate(paragraphs) if p.startswith("Los ministros de defensa"))
    assert main == "it"
    assert languages[caption] == "es"
    assert [code for i, code in enumerate(languages) if i != caption] == ["it"] * (len(paragraphs) - 1)


def test_seed_spanish_article_with_teasers_is_all_spanish() -> None:
    path = next(SEEDS.glob("000_*.txt"))
    paragraphs = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert detect_article_languages(paragraphs) == ("es", ["es"] * len(paragraphs))


def test_main_language_is_the_one_with_most_letters() -> None:
    english = "The minister said the talks would continue next week in Brussels with all partners."
    spanish = "El ministro dijo que las conversaciones continuarán la próxima semana en Bruselas."
    main, languages = detect_article_languages([english, spanish, spanish + " " + spanish])
    assert (main, languages) == ("es", ["en", "es", "es"])


@pytest.mark.parametrize(("text", "prior", "expected"), [
    ("", None, "und"),
    ("   ", "fr", "fr"),
    ("2026-01-28 12:00", None, "und"),
    ("2026-01-28 12:00", "pt", "pt"),
    ("Ok", None, "und"),
    ("Ok", "it", "it"),
    ("Ok", "und", "und"),
])
def test_too_short_or_empty_text_gives_the_prior_or_und(text: str, prior: str | None, expected: str) -> None:
    assert detect_language(text, prior=prior) == expected


def test_empty_article() -> None:
    assert detect_article_languages([]) == ("und", [])
    assert detect_paragraph_languages([], prior="es") == []


@pytest.mark.parametrize(("query", "candidates", "expected"), [
    ("guerra en ucrania", ["es", "it", "en"], "es"),
    ("guerra in ucraina", ["es", "it", "en"], "it"),
    ("the president said", ["es", "it", "en", "fr", "de", "pt"], "en"),
    ("die Bundesregierung", ["es", "it", "en", "fr", "de", "pt"], "de"),
    ("élections européennes", ["es", "it", "en", "fr", "de", "pt"], "fr"),
    ("выборы президента", ["ru", "uk", "en"], "ru"),
    ("Αθήνα", None, "el"),
    ("東京の天気", None, "ja"),
])
def test_query_language_best_guess(query: str, candidates: list[str] | None, expected: str) -> None:
    guesses = detect_query_languages(query, candidates)
    assert guesses and guesses[0][0] == expected
    assert all(0.0 < p <= 1.0 for _, p in guesses)
    assert [p for _, p in guesses] == sorted((p for _, p in guesses), reverse=True)


@pytest.mark.parametrize(("query", "candidates"), [
    ("", None),
    ("2026", ["es", "en"]),
    ("Москва", ["es", "it", "en"]),  # no candidate can be written in Cyrillic
    ("Putin", None),  # a name is no language
])
def test_query_language_is_empty_when_not_confident(query: str, candidates: list[str] | None) -> None:
    assert detect_query_languages(query, candidates) == []


def test_query_guesses_stay_within_candidates() -> None:
    guesses = detect_query_languages("guerra em portugal", ["pt", "es"])
    assert guesses and {code for code, _ in guesses} <= {"pt", "es"}


@pytest.mark.parametrize(("code", "expected"), [
    ("nb", "no"), ("nn", "no"), ("NO", "no"), ("pt-BR", "pt"), ("es_ES", "es"), ("iw", "he"),
    ("ji", "yi"), ("in", "id"), (" it ", "it"), (None, "und"), ("", "und"), ("english", "und"),
    ("zh-Hans", "zh"), ("fil", "fil"),
])
def test_normalize_code(code: str | None, expected: str) -> None:
    assert normalize_code(code) == expected


def test_detectable_languages_include_every_stemmed_language() -> None:
    assert set(stemmed_languages()) <= DETECTABLE_LANGUAGES
    assert get_language("nb").stemmer == "norwegian"


LANGID_SAMPLE = ["es", "it", "fr", "de", "pt", "en", "nl", "ru", "el", "ar", "zh", "ja", "ko", "th", "tr", "pl"]


@pytest.mark.parametrize("code", LANGID_SAMPLE)
def test_langid_sentences_sample(code: str) -> None:
    path = SHARED / "langid" / "sentences" / f"{code}.txt.gz"
    if not path.exists():
        pytest.skip(f"SHARED TEST DATA MISSING: {path.resolve()} (expected ../shared/data beside the repo)")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.strip()][:200]
    right = sum(detect_language(line) == normalize_code(code) for line in lines)
    assert right / len(lines) >= 0.95  # bench/eval_languages.py holds the strict per-language targets
