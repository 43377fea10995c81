/** H5: hand a text file (the data export) to the browser as a download — a Blob and a link with `download`. */
export async function saveTextFile(fileName: string, text: string, mime = 'application/json'): Promise<{ where: string }> {
  const blob = new Blob([text], { type: `${mime};charset=utf-8` })
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  // where the browser puts it differs by phone: name the file, say where browsers usually keep it
  return { where: `已下载：${fileName}（在浏览器的“下载”里能找到）` }
}
