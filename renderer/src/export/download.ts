/** Saves a generated file through the browser's download (the desktop app shows its save dialog). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken the blob by the next task; the URL is then released.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
