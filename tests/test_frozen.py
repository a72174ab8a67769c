"""`@frozen` behaves as `@dataclass(frozen=True, slots=True)` does, only made faster."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field

import pytest

from game.frozen import frozen


@frozen
class Ours:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list, compare=False)
    secret: str = field(default="hidden", repr=False)
    made: int = field(default=7, init=False)


@dataclass(frozen=True, slots=True)
class Theirs:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list, compare=False)
    secret: str = field(default="hidden", repr=False)
    made: int = field(default=7, init=False)


@frozen
class One:
    value: int


@dataclass(frozen=True, slots=True)
class TheirOne:
    value: int


def test_equality_hash_and_repr_are_a_frozen_dataclasses():
    for args, kwargs in [(("a",), {}), (("a", 2), {"tags": ("x",)}), ((), {"name": "b"})]:
        ours, theirs = Ours(*args, **kwargs), Theirs(*args, **kwargs)
        assert hash(ours) == hash(theirs)
        assert repr(ours).replace("Ours", "Theirs") == repr(theirs)
        assert ours == Ours(*args, **kwargs) and ours != theirs
    assert Ours("a", notes=["x"]) == Ours("a", notes=["y"]), "a field left out of the comparison"
    assert Ours("a", 1) != Ours("a", 2)
    assert hash(One(5)) == hash(TheirOne(5)), "one field hashes as a one-item tuple"
    assert len({One(1), One(1), One(2)}) == 2


def test_defaults_factories_and_fields_not_in_init():
    first, second = Ours("a"), Ours("b")
    assert first.notes == [] and first.notes is not second.notes, "a new list for each"
    assert first.made == 7 and first.secret == "hidden"
    with pytest.raises(TypeError):
        Ours("a", made=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Ours()  # type: ignore[call-arg]


def test_assignment_and_deletion_are_refused_as_a_frozen_dataclass_refuses_them():
    ours = Ours("a")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        ours.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del ours.count  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        ours.other = 1  # type: ignore[attr-defined]
    assert not hasattr(ours, "__dict__"), "slots, as before"


def test_the_dataclasses_functions_and_copy_work_on_it():
    ours = Ours("a", 2, ("t",), ["n"])
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(Theirs)
    ]
    changed = dataclasses.replace(ours, count=3)
    assert changed.count == 3 and changed.name == "a" and ours.count == 2
    assert dataclasses.asdict(ours)["tags"] == ("t",)
    assert copy.copy(ours) == ours and copy.deepcopy(ours) == ours
    assert Ours.__match_args__ == Theirs.__match_args__
    assert One.__doc__ == TheirOne.__doc__.replace("TheirOne", "One") == "One(value: 'int')"


def test_a_class_with_post_init_is_refused():
    with pytest.raises(TypeError, match="__post_init__"):

        @frozen
        class WithHook:
            value: int

            def __post_init__(self) -> None:
                pass


def test_a_class_is_made_with_one_compilation_where_a_dataclass_needs_six(monkeypatch):
    """The reason it exists: each compilation costs about 70 microseconds on Python 3.11."""
    import builtins

    compiled: list[str] = []
    real_exec = builtins.exec

    def counting_exec(source, *args, **kwargs):
        compiled.append(str(source)[:40])
        return real_exec(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "exec", counting_exec)

    def compilations(decorate) -> int:
        compiled.clear()

        class Sample:
            __annotations__ = {"a": "int", "b": "str"}

        decorate(Sample)
        return len(compiled)

    assert compilations(frozen) == 1
    assert compilations(dataclass(frozen=True, slots=True)) >= 6
