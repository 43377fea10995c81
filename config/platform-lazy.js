// Taro H5 imports `platform` (a user-agent parser) for four fields read only inside getDeviceInfo/getSystemInfo,
// but the package parses the user agent as soon as it is imported: ≈ 30 ms of the first task on a 4×-throttled
// phone, before anything is painted. This stand-in (webpack alias, H5 only) parses on first read instead.
let parsed
const read = () => parsed ?? (parsed = require('platform/platform.js'))
module.exports = {
  get manufacturer() { return read().manufacturer },
  get product() { return read().product },
  get os() { return read().os },
  get name() { return read().name },
  get version() { return read().version },
  get description() { return read().description },
  get ua() { return read().ua }
}
