"""`@frozen`: a frozen dataclass with slots, made with one compilation instead of six.

CPython 3.11 and 3.12 compile each method a dataclass writes for itself, one at a time: a
frozen class gets `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__`, six compilations. The story model, its expressions and prose, the engine's
state and the saves declare some sixty such classes, and making them took 29 ms of the
50 ms the game spends importing what loads a story, before the title can show it.

Here `dataclasses` reads the fields as it always does (so `dataclasses.fields`, `replace`
and `asdict` work as before, and mypy reads the class as the dataclass it is); only
`__init__` is compiled, once per class, and the other methods are small closures over the
class's field names, which compile nothing. They behave as a frozen dataclass's own: the
same equality and hash (the tuple of the compared fields), the same repr, and
`dataclasses.FrozenInstanceError` on any assignment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_set = object.__setattr__
_NO_ARGUMENT = object()  # a field with a default factory, left out of the call


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True, slots=True)`, made faster (see the module's docstring)."""
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: @frozen has no __post_init__; use @dataclass")
    documented = cls.__doc__ is not None
    if not documented:  # else dataclasses writes one from inspect.signature: 0.1 ms a class
        cls.__doc__ = "(@frozen writes it below)"  # not empty: dataclasses tests truth
    made: type[T] = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    if not documented:  # as dataclasses writes it: the class called with its fields
        made.__doc__ = f"{made.__name__}({', '.join(_parameter(f) for f in fields if f.init)})"
    compared = _key([f.name for f in fields if f.compare])
    hashed = _key([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = tuple(f.name for f in fields if f.repr)
    methods: dict[str, Callable[..., Any]] = {
        "__init__": _init(made, fields),
        "__repr__": _repr(shown),
        "__eq__": _eq(compared),
        "__hash__": _hash(hashed),
    }
    for name, method in methods.items():
        method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    for name, method in _SHARED.items():
        setattr(made, name, method)
    return made


def _key(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """The tuple of these fields' values, as a dataclass compares and hashes them."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _parameter(f: dataclasses.Field[Any]) -> str:
    """A field as `inspect.signature` shows it: `name: 'type' = default`."""
    annotation = repr(f.type) if isinstance(f.type, str) else getattr(f.type, "__name__", f.type)
    if f.default is not dataclasses.MISSING:
        return f"{f.name}: {annotation} = {f.default!r}"
    if f.default_factory is not dataclasses.MISSING:
        return f"{f.name}: {annotation} = <factory>"
    return f"{f.name}: {annotation}"


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The one method compiled: keyword and positional arguments, defaults as given."""
    namespace: dict[str, object] = {"__set": _set, "__no_argument": _NO_ARGUMENT}
    parameters: list[str] = []
    body: list[str] = []
    for f in fields:
        default = f"__default_{f.name}"
        factory = f"__factory_{f.name}"
        if f.default is not dataclasses.MISSING:
            namespace[default] = f.default
        if f.default_factory is not dataclasses.MISSING:
            namespace[factory] = f.default_factory
        if not f.init:
            if f.default is not dataclasses.MISSING:
                body.append(f"__set(self, {f.name!r}, {default})")
            elif f.default_factory is not dataclasses.MISSING:
                body.append(f"__set(self, {f.name!r}, {factory}())")
            continue
        if f.default is not dataclasses.MISSING:
            parameters.append(f"{f.name}={default}")
        elif f.default_factory is not dataclasses.MISSING:
            parameters.append(f"{f.name}=__no_argument")
            body.append(f"if {f.name} is __no_argument: {f.name} = {factory}()")
        else:
            parameters.append(f.name)
        body.append(f"__set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(parameters)}):\n"
    source += "".join(f"    {line}\n" for line in body or ["pass"])
    exec(compile(source, f"<@frozen {cls.__module__}.{cls.__qualname__}>", "exec"), namespace)
    init = namespace["__init__"]
    assert callable(init)
    return init


def _repr(shown: tuple[str, ...]) -> Callable[[object], str]:
    def __repr__(self: object) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({values})"

    return __repr__


def _eq(key: Callable[[object], tuple[Any, ...]]) -> Callable[[object, object], bool]:
    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[object], tuple[Any, ...]]) -> Callable[[object], int]:
    def __hash__(self: object) -> int:
        return hash(key(self))

    return __hash__


def _refuse_assignment(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> list[object]:
    """For `copy` (a frozen class with slots has no __dict__ to copy)."""
    return [getattr(self, f.name) for f in dataclasses.fields(self)]  # type: ignore[arg-type]


def _setstate(self: object, state: list[object]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):  # type: ignore[arg-type]
        _set(self, f.name, value)


_SHARED: dict[str, Callable[..., Any]] = {
    "__setattr__": _refuse_assignment,
    "__delattr__": _refuse_deletion,
    "__getstate__": _getstate,
    "__setstate__": _setstate,
}
