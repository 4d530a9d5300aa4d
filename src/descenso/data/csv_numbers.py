"""Fast parsing of plain decimal numbers straight from the bytes of a CSV file.

Turning text into floats one cell at a time costs a Python call per cell, which is most of the
time spent loading a million-row table. This module parses a whole block of fields at once
with NumPy, one character position at a time across every field, and is exact: it gives the
same float as Python's ``float()``, bit for bit.

Why it is exact (Clinger's fast path): a field such as ``-12.375`` is read as the integer
mantissa ``12375`` and the number of fraction digits ``3``. When the mantissa is below 2**53
it is exactly representable as a float, and so is ``10**3`` (every power of ten up to 10**22
is). One IEEE division of two exact numbers is correctly rounded, so ``12375 / 10**3`` is the
float nearest to the decimal, which is what ``float()`` returns.

Longer mantissas (16 to 18 digits, as in ``repr`` of a float, which pandas writes) are
divided in 80-bit extended precision where the platform has it (x86): the extended quotient
is within half an extended ulp of the true value, so rounding it to float64 gives the right
answer unless it lies within two extended ulps of a point halfway between two floats. Those
rare cells, and every long mantissa on platforms without extended precision, are declined.

Only the simple form ``[+-]digits[.digits]`` is handled here. Anything else (exponents, more
than 18 digits, spaces, ``nan``, text) is flagged as not parsed, and the caller converts those
cells another way.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_FIELD_WIDTH", "parse_decimal_fields"]

MAX_FIELD_WIDTH = 24
"""Fields longer than this are left to the slow path; buffers need this many bytes of padding."""

_POWERS_OF_TEN = 10.0 ** np.arange(23)  # all exact in float64
_EXACT_INTEGER = 2**53
_EXTENDED = np.finfo(np.longdouble).nmant >= 63
# 10**k is exact in 80-bit extended precision while 5**k < 2**64, that is for k <= 27.
_EXTENDED_POWERS = np.longdouble(10) ** np.arange(28, dtype=np.longdouble)
_MAX_DIGITS = 18  # significant digits: 10**18 < 2**63, so the int64 mantissa cannot overflow
_ZERO, _MINUS, _PLUS = ord("0"), ord("-"), ord("+")


def _extended_divide(mantissa: np.ndarray, fraction_digits: np.ndarray):
    """``mantissa / 10**fraction_digits`` rounded to float64, and where that is provably right."""
    quotient = mantissa.astype(np.longdouble) / _EXTENDED_POWERS[fraction_digits]
    values = quotient.astype(np.float64)
    residual = np.abs(quotient - values)  # exact: the two are within one float64 ulp
    half_ulp = (np.spacing(values) / 2).astype(np.longdouble)
    margin = np.abs(quotient) * np.longdouble(2.0**-62)  # two extended ulps
    # Below a power of two the spacing halves, so the lower midpoint moves: decline those.
    safe = (residual < half_ulp - margin) & (np.frexp(values)[0] != 0.5)
    return values, safe


def parse_decimal_fields(
    buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray, decimal: str = "."
) -> tuple[np.ndarray, np.ndarray]:
    """Parse the fields ``buffer[starts[i]:ends[i]]`` as decimal numbers.

    Parameters
    ----------
    buffer : ndarray of uint8, shape (n_bytes + MAX_FIELD_WIDTH,)
        The bytes of the text, followed by at least ``MAX_FIELD_WIDTH`` bytes of padding.
    starts, ends : ndarray of int64, any shape (n_fields,) or (n_rows, n_columns)
        Where each field begins and ends (exclusive) in ``buffer``.
    decimal : str
        The decimal mark, ``"."`` or ``","``.

    Returns
    -------
    values : ndarray of float64, shaped like ``starts``
        The numbers; meaningless where ``parsed`` is False.
    parsed : ndarray of bool, shaped like ``starts``
        True where the field is a plain decimal of at most 15 digits, parsed exactly.

    Examples
    --------
    >>> text = b"-12.375,7,1e3,abc," + bytes(MAX_FIELD_WIDTH)
    >>> buffer = np.frombuffer(text, dtype=np.uint8)
    >>> values, parsed = parse_decimal_fields(buffer, np.array([0, 8, 10, 14]),
    ...                                       np.array([7, 9, 13, 17]))
    >>> values[parsed].tolist(), parsed.tolist()
    ([-12.375, 7.0], [True, True, False, False])
    """
    shape = starts.shape
    values = np.zeros(shape, dtype=np.float64)
    if starts.size == 0:
        return values, np.zeros(shape, dtype=bool)
    lengths = ends - starts
    width = min(int(lengths.max()), MAX_FIELD_WIDTH)
    # Lengths beyond 255 are clipped: such a field can never match the count check below.
    np.minimum(lengths, 255, out=lengths)
    short_lengths = lengths.astype(np.uint8)
    del lengths
    dot = np.uint8(ord(decimal))

    char = np.empty(shape, dtype=np.uint8)
    digit = np.empty(shape, dtype=np.uint8)
    scratch = np.empty(shape, dtype=np.uint8)
    is_digit = np.empty(shape, dtype=bool)
    is_dot = np.empty(shape, dtype=bool)
    inside = np.empty(shape, dtype=bool)
    lead = np.empty(shape, dtype=bool)
    mantissa = np.zeros(shape, dtype=np.int64)
    n_digits = np.zeros(shape, dtype=np.uint8)
    n_significant = np.zeros(shape, dtype=np.uint8)  # digits from the first non-zero one
    started = np.zeros(shape, dtype=bool)
    n_dots = np.zeros(shape, dtype=np.uint8)
    digits_before_dot = np.zeros(shape, dtype=np.uint8)

    first = buffer[starts]
    negative = first == _MINUS
    signed = negative | (first == _PLUS)

    # One pass per character position, across all fields at once. Masked ufuncs (where=) are
    # many times slower than plain ones, so non-digits are neutralised arithmetically: they
    # multiply the mantissa by 1 and add 0.
    for position in range(width):
        np.take(buffer[position:], starts, out=char)
        np.greater(short_lengths, position, out=inside)
        np.subtract(char, _ZERO, out=digit)
        np.less(digit, 10, out=is_digit)
        is_digit &= inside
        digit *= is_digit.view(np.uint8)
        np.multiply(is_digit.view(np.uint8), np.uint8(9), out=scratch)
        scratch += np.uint8(1)
        mantissa *= scratch
        mantissa += digit
        n_digits += is_digit.view(np.uint8)
        np.greater(digit, 0, out=lead)
        started |= lead
        np.logical_and(started, is_digit, out=lead)
        n_significant += lead.view(np.uint8)
        np.equal(char, dot, out=is_dot)
        is_dot &= inside
        n_dots += is_dot.view(np.uint8)
        np.multiply(is_dot.view(np.uint8), n_digits, out=scratch)
        digits_before_dot += scratch

    # A plain decimal is made only of digits, at most one dot and a leading sign, so those
    # counts must add up to the field's length.
    parsed = n_digits + n_dots + signed.view(np.uint8) == short_lengths
    parsed &= (n_dots <= 1) & (n_digits >= 1) & (n_significant <= _MAX_DIGITS)
    fraction_digits = np.where(n_dots == 1, n_digits - digits_before_dot, 0)
    largest = len(_POWERS_OF_TEN) - 1
    simple = (mantissa <= _EXACT_INTEGER) & (fraction_digits <= largest)
    np.divide(mantissa, _POWERS_OF_TEN[np.minimum(fraction_digits, largest)], out=values)
    hard = parsed & ~simple
    if hard.any():
        if _EXTENDED:
            values[hard], parsed[hard] = _extended_divide(mantissa[hard], fraction_digits[hard])
        else:
            parsed[hard] = False
    np.negative(values, out=values, where=negative)
    return values, parsed
