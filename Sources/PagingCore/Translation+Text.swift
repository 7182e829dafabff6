/// `paging translate ARCH ADDR` as text.
extension Translation {
  /// The address, whether it is canonical (and the tree it selects), and
  /// its split with each level's index and the offset under the bits.
  public func text(architecture arch: Architecture) -> String {
    let values = indexes.map { "\($0)" } + [formatHex(offset)]
    let canonical = self.canonical ? "canonical" : "NOT canonical: \(arch.canonicalRule)"
    let tree = arch.selectedRoot(of: pointer).map { ", translated under \($0.name)" } ?? ""
    return "\(arch.name): \(formatHex(pointer)) (\(canonical)\(tree))\n" + arch.bitTable(values: values)
  }
}
