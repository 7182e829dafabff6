import PagingCore

/// Digits in groups of three, separated by commas: `8,813,306,511,489`.
///
///     groupedDigits(1234567)   // "1,234,567"
///     groupedDigits(999)       // "999"
public func groupedDigits(_ value: UInt128) -> String {
  let digits = Array(String(value))
  var out = ""
  for (index, digit) in digits.enumerated() {
    if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
    out.append(digit)
  }
  return out
}

private let byteUnits = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]

/// A byte count in the largest binary unit it reaches, with three
/// significant digits, and `≈` when that rounds: `4 MiB`, `≈7.83 GiB`,
/// `1 byte`, `1,000 bytes`. Computed with integers, so every run prints the
/// same text; ``groupedDigits(_:)`` gives the exact value to show beside it.
///
///     humanBytes(4 << 20)         // "4 MiB"
///     humanBytes(8_409_088_000)   // "≈7.83 GiB"
///     humanBytes(1536)            // "1.5 KiB"
public func humanBytes(_ bytes: UInt128) -> String {
  if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(groupedDigits(bytes)) bytes" }
  var unit = 0
  var scale: UInt128 = 1024
  while unit + 1 < byteUnits.count, bytes / scale >= 1024 {
    scale *= 1024
    unit += 1
  }
  let whole = bytes / scale
  // Three significant digits: hundredths below 10, tenths below 100, whole above.
  let decimals = whole < 10 ? 2 : whole < 100 ? 1 : 0
  var factor: UInt128 = 1
  for _ in 0..<decimals { factor *= 10 }
  let remainder = bytes % scale
  // remainder < scale <= 2^80, so remainder * 100 stays far below 2^128.
  let scaledFraction = (remainder * factor + scale / 2) / scale
  var integerPart = whole
  var fraction = scaledFraction
  if fraction == factor {
    integerPart += 1
    fraction = 0
  }
  // Rounding up to 1024 of a unit reads as 1 of the next.
  if integerPart == 1024, unit + 1 < byteUnits.count { return "≈1 " + byteUnits[unit + 1] }
  let exact = remainder * factor % scale == 0 && remainder * factor / scale == scaledFraction
  var text = "\(groupedDigits(integerPart))"
  if decimals > 0, fraction > 0 {
    var digits = String(fraction)
    while digits.count < decimals { digits = "0" + digits }
    while digits.hasSuffix("0") { digits.removeLast() }
    text += "." + digits
  }
  return (exact ? "" : "≈") + text + " " + byteUnits[unit]
}

/// `1 byte`, `8 bytes`: a count of bytes with the noun's number right.
public func bytesNoun(_ count: some BinaryInteger) -> String {
  counted(count, "byte")
}
