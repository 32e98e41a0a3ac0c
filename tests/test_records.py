"""Record dicts: ``DocRecord.to_dict`` is ``dataclasses.asdict`` without its deep copies."""

from __future__ import annotations

import dataclasses
import json

from diplograph.records import Actor, DateMention, DocRecord, Event, Evidence, Mention, Organization, Place


def full_record() -> DocRecord:
    mention = Mention(text="Anna Beispiel", start=0, end=13, sentence=0)
    return DocRecord(
        id="a-1", model="test-0.0", url="https://example.org/a", published="2025-03-04", language="de",
        actors=[Actor(name="Anna Beispiel", aliases=["Beispiel"], roles=["Außenministerin"],
                      role_phrases=["Außenministerin"], country="DE", mentions=[mention], id="actor-1")],
        places=[Place(name="Paris", normalized="Paris", country="FR", lat=48.85, lon=2.35, geonameid=2988507,
                      mentions=[Mention("Paris", 30, 35, 0)])],
        organizations=[Organization(name="Nato", mentions=[Mention("Nato", 40, 44, 1)])],
        dates=[DateMention(text="am Montag", value="2025-03-03", precision="day", start=20, end=29)],
        events=[Event(type="meeting", status="held", participants=["Anna Beispiel", "Jean Exemple"],
                      parties=["DE", "FR"], place="Paris", date="2025-03-03", confidence=0.9, trigger="traf",
                      evidence=[Evidence("Anna Beispiel traf am Montag in Paris Jean Exemple.", 0, 52)],
                      id="event-1")],
        warnings=["a warning"],
    )


def test_to_dict_equals_asdict():
    record = full_record()
    assert record.to_dict() == dataclasses.asdict(record)
    assert DocRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_to_dict_copies_lists():
    record = full_record()
    data = record.to_dict()
    data["events"][0]["participants"].append("Someone Else")
    data["actors"][0]["mentions"][0]["text"] = "changed"
    assert record.events[0].participants == ["Anna Beispiel", "Jean Exemple"]
    assert record.actors[0].mentions[0].text == "Anna Beispiel"


def test_empty_record():
    record = DocRecord(id="empty", model="m")
    assert record.to_dict() == dataclasses.asdict(record)



def test_records_pickle_and_copy_as_field_tuples():
    import copy
    import pickle

    record = full_record()
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        blob = pickle.dumps(record, protocol=protocol)
        assert pickle.loads(blob) == record  # worker processes return records this way
        assert b"role_phrases" not in blob and b"geonameid" not in blob  # values in field order, no names
    clone = copy.deepcopy(record)
    assert clone == record and clone.actors[0].mentions[0] is not record.actors[0].mentions[0]
