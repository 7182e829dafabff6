// Number formatting without Foundation: fixed decimals, significant digits,
// hex and column padding.

/// `value` with exactly `decimals` digits after the point (0 ≤ value < 1.8e7
/// at 12 decimals, far more than a benchmark figure needs).
func fixed(_ value: Double, decimals: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
  if value < 0 { return "-" + fixed(-value, decimals: decimals) }
  var scale: UInt64 = 1
  for _ in 0..<decimals { scale *= 10 }
  let scaled = (value * Double(scale)).rounded()
  guard scaled < 1.8e19 else { return "\(value)" }
  let units = UInt64(scaled)
  let whole = units / scale
  guard decimals > 0 else { return "\(whole)" }
  let fraction = String(units % scale)
  return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

/// `value` rounded to `digits` significant digits, in plain decimal notation:
/// 0.0123, 1.23, 123, 12300.
func significant(_ value: Double, digits: Int = 3) -> String {
  guard value.isFinite, value > 0 else { return value == 0 ? "0" : fixed(value, decimals: 0) }
  var exponent = 0
  var scaled = value
  while scaled >= 10 {
    scaled /= 10
    exponent += 1
  }
  while scaled < 1 {
    scaled *= 10
    exponent -= 1
  }
  // Rounding may carry into a new digit (9.996 -> 10.0): one digit fewer then.
  let decimals = max(0, digits - 1 - exponent)
  var text = fixed(value, decimals: decimals)
  if decimals > 0, text.filter({ $0 != "." }).drop(while: { $0 == "0" }).count > digits {
    text.removeLast()
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text
}

/// Seconds for JSON: plain decimal, down to picoseconds, trailing zeros dropped.
func jsonSeconds(_ seconds: Double) -> String {
  var text = fixed(seconds, decimals: 12)
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text += "0" }
  return text
}

func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

/// A byte count in KiB or MiB with 3 significant digits.
func formatBytes(_ bytes: Int) -> String {
  let magnitude = Double(bytes < 0 ? -bytes : bytes)
  let sign = bytes < 0 ? "-" : ""
  if magnitude >= 1_048_576 { return sign + significant(magnitude / Double(1 << 20)) + " MiB" }
  if magnitude >= 1024 { return sign + significant(magnitude / Double(1 << 10)) + " KiB" }
  return "\(bytes) B"
}

extension String {
  func padded(to width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: Swift.max(0, width - count))
    return right ? padding + self : self + padding
  }
}
