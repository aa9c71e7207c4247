// Saves text or a data URL as a file through the browser's download (works in Electron and serve mode).
export function saveText(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  saveUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveUrl(filename: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
