import PagingCore
import PagingSimulator

/// What a job must leave behind, checked on both sides after every phase:
/// exactly `tables` page-table pages and `data` data frames in use. `when`
/// completes the sentence, as in "after fork of 513 pages".
func checkCounts(simulator machine: Machine, tables: Int, data: Int, when: String) throws(BenchmarkError) {
  let held = machine.memory.pageTableBytesInUse / Int(machine.architecture.pageSize)
  try check(held == tables, "\(when) the simulator holds \(held) page-table pages, expected \(tables)")
  let dataFrames = machine.memory.allocatedFrames - held
  try check(dataFrames == data, "\(when) the simulator holds \(dataFrames) data frames, expected \(data)")
}

func checkCounts(reference: ReferencePageTable, tables: Int, data: Int, when: String) throws(BenchmarkError) {
  try check(
    reference.tablePagesInUse == tables,
    "\(when) the C reference holds \(reference.tablePagesInUse) page-table pages, expected \(tables)")
  try check(
    reference.dataFramesInUse == data,
    "\(when) the C reference holds \(reference.dataFramesInUse) data frames, expected \(data)")
  try check(reference.errors == 0, "the C reference freed a frame that was not in use")
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(BenchmarkError) {
  guard condition else { throw BenchmarkError(message()) }
}
