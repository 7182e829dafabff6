import CReference

/// The C reference page table (`CReference`), wrapped so the jobs see Swift
/// values and errors. The only file that calls into C.
final class ReferencePageTable {
  private let memory: OpaquePointer

  static let userWritable = REF_PTE_W | REF_PTE_U

  init(dataFrames: Int, tableFrames: Int) throws(BenchmarkError) {
    guard let memory = ref_memory_create(UInt64(dataFrames), UInt64(tableFrames)) else {
      throw BenchmarkError("the C reference could not allocate \(tableFrames) table frames")
    }
    self.memory = memory
  }

  deinit { ref_memory_destroy(memory) }

  func newRoot() throws(BenchmarkError) -> UInt64 {
    let root = ref_new_root(memory)
    guard root >= 0 else { throw BenchmarkError("the C reference ran out of table frames") }
    return UInt64(root)
  }

  func allocateData() throws(BenchmarkError) -> UInt64 {
    let frame = ref_alloc_data(memory)
    guard frame >= 0 else { throw BenchmarkError("the C reference ran out of data frames") }
    return UInt64(frame)
  }

  /// Maps one page, walking from the root.
  func map(root: UInt64, address: UInt64, physicalAddress: UInt64) throws(BenchmarkError) {
    guard ref_map(memory, root, address, physicalAddress, Self.userWritable) == 0 else {
      throw BenchmarkError("the C reference could not map \(hex(address))")
    }
  }

  /// `count` pages from `address` on, each with a fresh data frame; the loop
  /// runs in C.
  func mapFresh(root: UInt64, address: UInt64, count: Int) throws(BenchmarkError) {
    guard ref_map_fresh(memory, root, address, UInt64(count), Self.userWritable) == 0 else {
      throw BenchmarkError("the C reference could not map \(count) pages from \(hex(address))")
    }
  }

  /// Fork without data copies: the new root.
  func copyMappings(of root: UInt64) throws(BenchmarkError) -> UInt64 {
    let child = ref_copy_mappings(memory, root)
    guard child >= 0 else { throw BenchmarkError("the C reference could not copy its mappings") }
    return UInt64(child)
  }

  func freeAll(_ root: UInt64) { ref_free_all(memory, root) }

  var tablePagesInUse: Int { Int(ref_table_pages_in_use(memory)) }
  var dataFramesInUse: Int { Int(ref_data_frames_in_use(memory)) }
  var errors: Int { Int(ref_errors(memory)) }
}
