"""Numpy object arrays of integer lists, read from their pickle stream without unpickling.

Keras's imdb and reuters files keep their ragged sequences (one list of word indexes per text)
as object arrays, which numpy can only save as a pickle stream, and unpickling runs whatever a
stream names. `read_object_array` reads the stream's opcodes itself and builds nothing but what
such an array holds: integers, lists of them and the one-dimensional (or any-shaped) object
array around them. Any other object, any other callable than numpy's own array and dtype
reconstruction, or a stream cut short is a `ValueError`: a tampered file is an error, never
code run. It reads what pickle protocols 2 to 5 write for such an array (numpy writes protocol
3; Keras's files need the three names Keras's own restricted reader admits).

Example:
    >>> import pickle
    >>> ragged = np.empty(2, dtype=object)
    >>> ragged[0], ragged[1] = [1, 14, 22], [7]
    >>> read_object_array(pickle.dumps(ragged), "example")
    array([list([1, 14, 22]), list([7])], dtype=object)
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np

__all__ = ["read_object_array"]

# The callables a stream of such an array names (numpy < 2 and >= 2 spell multiarray apart;
# protocol 2 writes bytes through _codecs.encode).
_RECONSTRUCT = "reconstruct"
_CALLABLES = {
    ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
    ("numpy", "ndarray"): "ndarray",
    ("numpy", "dtype"): "dtype",
    ("_codecs", "encode"): "encode",
}
_OBJECT_DTYPES = ("O8", "O4")


class _Name(str):
    """A callable the stream named, by its role in `_CALLABLES` (never the object itself)."""


class _ObjectDtype:
    """``numpy.dtype("O8")`` as the stream builds it (its state says nothing an object array needs)."""


class _Array:
    """The array ``_reconstruct`` starts; its contents come with BUILD."""

    def __init__(self) -> None:
        self.value: np.ndarray | None = None


def read_object_array(stream: bytes, what: str) -> np.ndarray:
    """The object array pickled in ``stream``, each entry a list of integers (``what`` names
    the file and member in errors).

    Raises:
        ValueError: anything else in the stream: another object or callable, another dtype, a
            malformed or truncated stream.
    """
    try:
        return _Reader(stream, what).run()
    except (IndexError, struct.error, KeyError) as error:
        raise ValueError(
            f"{what}: not a pickled array of integer lists (the stream is malformed: {error!r})"
        ) from None


class _Reader:
    """One pass over the opcodes: a stack, marks and a memo, as pickle's machine keeps them."""

    def __init__(self, stream: bytes, what: str) -> None:
        self.raw, self.what, self.position = bytes(stream), what, 0
        self.stack: list[Any] = []
        self.marks: list[int] = []
        self.memo: dict[int, Any] = {}

    def refuse(self, found: str) -> ValueError:
        return ValueError(
            f"{self.what}: not a pickled array of integer lists, which is all statefulrnn reads from a "
            f"pickle stream (it never unpickles). Received: {found}"
        )

    def take(self, count: int) -> bytes:
        start, self.position = self.position, self.position + count
        if self.position > len(self.raw):
            raise IndexError("the stream ends early")
        return self.raw[start : self.position]

    def unsigned(self, size: int) -> int:
        return int.from_bytes(self.take(size), "little")

    def items_since_mark(self) -> list[Any]:
        start = self.marks.pop()
        items = self.stack[start:]
        del self.stack[start:]
        return items

    def run(self) -> np.ndarray:
        stack, memo = self.stack, self.memo
        while True:
            opcode = self.take(1)
            if opcode == b"\x80":  # PROTO
                self.take(1)
            elif opcode == b"\x95":  # FRAME: a length hint
                self.take(8)
            elif opcode == b"c":  # GLOBAL: module and name, one line each
                module = self.line()
                stack.append(self.callable(module, self.line()))
            elif opcode == b"\x93":  # STACK_GLOBAL
                name, module = stack.pop(), stack.pop()
                if not (type(module) is str and type(name) is str):
                    raise self.refuse("a global named by something other than text")
                stack.append(self.callable(module, name))
            elif opcode == b"\x8c":  # SHORT_BINUNICODE
                stack.append(self.take(self.unsigned(1)).decode("utf-8"))
            elif opcode == b"X":  # BINUNICODE
                stack.append(self.take(self.unsigned(4)).decode("utf-8"))
            elif opcode == b"C":  # SHORT_BINBYTES
                stack.append(self.take(self.unsigned(1)))
            elif opcode == b"B":  # BINBYTES
                stack.append(self.take(self.unsigned(4)))
            elif opcode == b"q":  # BINPUT
                memo[self.unsigned(1)] = stack[-1]
            elif opcode == b"r":  # LONG_BINPUT
                memo[self.unsigned(4)] = stack[-1]
            elif opcode == b"\x94":  # MEMOIZE
                memo[len(memo)] = stack[-1]
            elif opcode == b"h":  # BINGET
                stack.append(memo[self.unsigned(1)])
            elif opcode == b"j":  # LONG_BINGET
                stack.append(memo[self.unsigned(4)])
            elif opcode == b"(":  # MARK
                self.marks.append(len(stack))
                self.integers()  # most of a file: the lists' items, read in one loop
            elif opcode == b"t":  # TUPLE
                stack.append(tuple(self.items_since_mark()))
            elif opcode == b")":  # EMPTY_TUPLE
                stack.append(())
            elif opcode in (b"\x85", b"\x86", b"\x87"):  # TUPLE1, TUPLE2, TUPLE3
                count = opcode[0] - 0x84
                if len(stack) < count:
                    raise IndexError("a tuple of more items than the stack holds")
                items = tuple(stack[-count:])
                del stack[-count:]
                stack.append(items)
            elif opcode == b"J":  # BININT
                stack.append(int.from_bytes(self.take(4), "little", signed=True))
            elif opcode == b"K":  # BININT1
                stack.append(self.unsigned(1))
            elif opcode == b"M":  # BININT2
                stack.append(self.unsigned(2))
            elif opcode == b"\x8a":  # LONG1
                stack.append(int.from_bytes(self.take(self.unsigned(1)), "little", signed=True))
            elif opcode == b"N":
                stack.append(None)
            elif opcode in (b"\x88", b"\x89"):  # NEWTRUE, NEWFALSE
                stack.append(opcode == b"\x88")
            elif opcode == b"]":  # EMPTY_LIST
                stack.append([])
            elif opcode == b"a":  # APPEND
                value = stack.pop()
                self.list_at_top().append(value)
            elif opcode == b"e":  # APPENDS
                items = self.items_since_mark()
                self.list_at_top().extend(items)
            elif opcode == b"R":  # REDUCE
                arguments = stack.pop()
                stack.append(self.call(stack.pop(), arguments))
            elif opcode == b"b":  # BUILD
                state = stack.pop()
                self.build(stack[-1], state)
            elif opcode == b".":  # STOP
                result = stack.pop() if len(stack) == 1 else None
                if not (isinstance(result, _Array) and result.value is not None):
                    raise self.refuse("a stream that does not end on one built array")
                return result.value
            else:
                raise self.refuse(f"pickle opcode {opcode!r} at byte {self.position - 1}")

    def integers(self) -> None:
        """The run of BININT1, BININT2 and BININT opcodes from here (a list's items) onto the
        stack, in one tight loop: a file holds millions of them."""
        data, position, values = self.raw, self.position, []
        append = values.append
        end = len(data) - 5  # room for the longest of them
        while position < end:
            opcode = data[position]
            if opcode == 75:  # K
                append(data[position + 1])
                position += 2
            elif opcode == 77:  # M
                append(data[position + 1] | data[position + 2] << 8)
                position += 3
            elif opcode == 74:  # J
                append(int.from_bytes(data[position + 1 : position + 5], "little", signed=True))
                position += 5
            else:
                break
        self.stack.extend(values)
        self.position = position

    def line(self) -> str:
        end = self.raw.find(b"\n", self.position)
        if end < 0:
            raise IndexError("a global's name runs to the end of the stream")
        return self.take(end + 1 - self.position)[:-1].decode("utf-8")

    def callable(self, module: str, name: str) -> _Name:
        role = _CALLABLES.get((module, name))
        if role is None:
            raise self.refuse(f"the global {module}.{name}")
        return _Name(role)

    def list_at_top(self) -> list[Any]:
        target = self.stack[-1]
        if type(target) is not list:
            raise self.refuse(f"items appended to a {type(target).__name__}")
        return target

    def call(self, function: Any, arguments: Any) -> Any:
        if type(function) is not _Name or type(arguments) is not tuple:
            raise self.refuse(f"a call of {function!r}")
        if function == _RECONSTRUCT and len(arguments) == 3 and arguments[0] == "ndarray":
            return _Array()
        if function == "dtype" and arguments and arguments[0] in _OBJECT_DTYPES:
            return _ObjectDtype()
        if function == "dtype":
            raise self.refuse(f"an array of dtype {arguments[0]!r}, not of objects")
        if function == "encode" and arguments[1:] == ("latin1",) and type(arguments[0]) is str:
            return arguments[0].encode("latin1")  # protocol 2's bytes
        raise self.refuse(f"a call of {function} with {arguments!r}")

    def build(self, target: Any, state: Any) -> None:
        if isinstance(target, _ObjectDtype) and type(state) is tuple:
            return  # byte order and flags: nothing an array of objects reads
        if not (isinstance(target, _Array) and type(state) is tuple and len(state) == 5):
            raise self.refuse(f"the state of a {type(target).__name__}")
        _, shape, dtype, fortran, entries = state
        if not (
            type(shape) is tuple and all(type(size) is int and size >= 0 for size in shape)
            and isinstance(dtype, _ObjectDtype) and type(entries) is list and len(entries) == math.prod(shape)
        ):  # fmt: skip
            raise self.refuse("an array state that is not an object array's")
        array = np.empty(len(entries), dtype=object)
        for index, entry in enumerate(entries):
            if type(entry) is not list or not all(type(value) is int for value in entry):
                raise self.refuse(f"an entry that is not a list of integers: {type(entry).__name__}")
            array[index] = entry
        # numpy lists an object array's entries in C order, whatever its memory order
        array = array.reshape(shape)
        target.value = np.asfortranarray(array) if fortran else array
