/// The built-in a mistyped or foreign architecture name most likely means,
/// for "did you mean ...?" in the unknown-architecture message.
///
///     suggestedArchitecture(for: "amd64", among: names)    // "x86-64"
///     suggestedArchitecture(for: "riscv-sv38", among: names) // "riscv-sv39"
///
/// Names other tools use (`uname -m`, Debian, GCC, QEMU) map to the built-in
/// they usually mean; anything else is matched, case and `_`/`-` aside,
/// against the built-in names within two edits.
///
/// - Complexity: O(*n* × *m*) for *n* built-ins of length *m*.
func suggestedArchitecture(for name: String, among known: [String]) -> String? {
  let normalized = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
  if let alias = architectureAliases[normalized], known.contains(alias) { return alias }
  if known.contains(normalized) { return normalized }
  let candidates = known.map { (name: $0, distance: editDistance(normalized, $0, limit: 2)) }
    .filter { $0.distance <= 2 }
  return candidates.min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
}

/// Other tools' names for the built-ins (`uname -m`, Debian architectures,
/// RISC-V mode names without the `riscv-` prefix).
private let architectureAliases: [String: String] = [
  "x86-64": "x86-64", "amd64": "x86-64", "x64": "x86-64", "intel64": "x86-64", "em64t": "x86-64",
  "la57": "x86-64-la57",
  "i386": "x86-32", "i486": "x86-32", "i586": "x86-32", "i686": "x86-32", "x86": "x86-32", "ia32": "x86-32",
  "ia-32": "x86-32", "pae": "x86-32-pae", "pse": "x86-32-pse",
  "aarch64": "arm64-4k-48", "arm64": "arm64-4k-48", "armv8": "arm64-4k-48",
  "sv32": "riscv-sv32", "sv39": "riscv-sv39", "sv48": "riscv-sv48", "sv57": "riscv-sv57",
  "riscv32": "riscv-sv32", "riscv64": "riscv-sv39", "rv32": "riscv-sv32", "rv64": "riscv-sv39",
]

/// Levenshtein distance, stopping early once every path passes `limit`.
private func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
  let a = Array(a.unicodeScalars)
  let b = Array(b.unicodeScalars)
  guard abs(a.count - b.count) <= limit else { return limit + 1 }
  var previous = Array(0...b.count)
  for i in 1...max(a.count, 1) where !a.isEmpty {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...max(b.count, 1) where !b.isEmpty {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    if current.min() ?? 0 > limit { return limit + 1 }
    previous = current
  }
  return previous[b.count]
}
