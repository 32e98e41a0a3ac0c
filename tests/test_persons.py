"""Persons beyond the NER: role-anchored names, repairs, credits and bylines (sentences written for the tests)."""

from __future__ import annotations

from diplograph.pipeline.actors import ActorCluster


def run(nlp, text: str, published: str | None = "2025-03-01") -> list[ActorCluster]:
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.actors


def names(actors: list[ActorCluster]) -> set[str]:
    return {a.name for a in actors}


def test_role_anchored_names(nlp):
    actors = run(nlp, "Kremlsprecher Dmitri Peskow widersprach. Später äußerte sich Botschafterin Ilona Beispielowa.")
    assert {"Dmitri Peskow", "Ilona Beispielowa"} <= names(actors)


def test_role_word_is_not_part_of_the_name(nlp):
    actors = run(nlp, "Der Verteidigungsminister Boris Pistorius reiste am Montag nach Vilnius.")
    assert "Boris Pistorius" in names(actors)
    assert not any("minister" in n for n in names(actors))


def test_genitive_and_surname_aliasing(nlp):
    actors = run(nlp, "Außenminister Johann Wadephul landete in Ankara. Wadephuls Reise dauert zwei Tage. "
                      "Wadephul will dort auch Abgeordnete treffen.")
    wadephul = next(a for a in actors if a.name == "Johann Wadephul")
    assert {"Wadephul", "Wadephuls"} <= set(wadephul.aliases)
    assert len([a for a in actors if "Wadephul" in a.name]) == 1


def test_photo_caption_gives_no_actor(nlp):
    text = ("Die Ministerpräsidentin Giorgia Meloni empfing Gäste in Rom.\n"
            "Foto: Hannes Knipser/AP/dpa\nBild von Greta Linse via Getty Images")
    found = names(run(nlp, text))
    assert "Giorgia Meloni" in found
    assert not any("Knipser" in n or "Linse" in n for n in found)


def test_byline_gives_no_actor(nlp):
    text = "Gespräche in Genf\nVon Max Mustermann\nKanzler Friedrich Merz telefonierte mit Präsident Emmanuel Macron."
    found = names(run(nlp, text))
    assert {"Friedrich Merz", "Emmanuel Macron"} <= found
    assert "Max Mustermann" not in found


def test_two_known_surnames_side_by_side_are_two_people(nlp):
    found = names(run(nlp, "Nach Telefonat mit Trump Putin zu Feuerpause bereit"))
    assert {"Trump", "Putin"} <= found


def test_photo_credit_names_are_credits_and_news_names_are_not():
    from diplograph.pipeline.credits import CreditCheck

    text = "Die Ministerin Giorgia Meloni empfing Gäste.\nFoto: Hannes Knipser/AP/dpa\nDanach sprach Emmanuel Macron."
    check = CreditCheck(text)

    def at(name: str) -> tuple[int, int]:
        return text.index(name), text.index(name) + len(name)

    assert check.is_credit(*at("Hannes Knipser"))
    assert not check.is_credit(*at("Giorgia Meloni")) and not check.is_credit(*at("Emmanuel Macron"))


def test_a_name_after_a_medium_noun_is_no_person(nlp) -> None:
    doc = nlp("Das schrieb Präsidentin Anna Beispiel am Mittwoch in ihrem Onlinenetzwerk Blue Square.")
    assert [a.name for a in doc._.actors] == ["Anna Beispiel"]


def test_an_arabic_article_joined_to_a_name_belongs_to_it(nlp):
    actors = run(nlp, "Der Armeechef Karim Nabil al-Masri traf am Montag Präsident Yusuf Hamid el-Amin in Kairo.")
    assert {"Karim Nabil al-Masri", "Yusuf Hamid el-Amin"} <= names(actors)


def test_pool_photo_credit_gives_no_actor(nlp):
    text = ("Jean Exemple, Pool Photo via AP Gesprächsbedarf: Präsident Karl Muster und Li Beispiel in Brüssel\n\n"
            "Berlin. Präsident Karl Muster reist nach Paris.")
    found = names(run(nlp, text))
    assert "Karl Muster" in found and "Jean Exemple" not in found


def test_a_lone_surname_in_apposition_after_a_role_phrase(nlp):
    actors = run(nlp, "Der Besuch der damaligen Vorsitzenden des Senats, Beispielsen, in Lima sorgte für Ärger.")
    assert "Beispielsen" in names(actors)


def test_the_marker_prefilter_reads_the_literal_every_match_begins_with():
    from diplograph.pipeline.credits import _leading_literal, _markers_in

    assert _leading_literal(r"\bFoto(s|grafie)?\s*:") == "Foto"
    assert _leading_literal(r"\bBildquelle\s*:?") == "Bildquelle"
    assert _leading_literal(r"\bFotos?:") == "Foto"  # the optional "s" is no part of it
    assert _leading_literal(r"(?:Bild|Foto)") == ""
    # a marker is searched for in a text with its literal in any case, not in one without
    assert any(p.search("FOTO: Anna Beispiel") for p in _markers_in("FOTO: Anna Beispiel"))
    assert _markers_in("Anna Beispiel traf Karl Muster.") == []


def test_an_arabic_article_word_alone_is_no_name(nlp):
    found = names(run(nlp, "Der Vizechef al-Kaidas, Ahmed Beispiel, wurde getötet. Der Anführer al-Schabab sprach."))
    assert not any(n.startswith("al-") for n in found)


def test_a_marker_with_alternatives_at_the_top_has_no_literal():
    from diplograph.pipeline.credits import _leading_literal

    assert _leading_literal(r"\bFoto|Bild:") == ""
    assert _leading_literal(r"\bFoto(grafie|s)?:") == "Foto"
