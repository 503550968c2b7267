// Save bytes produced in the browser as a file (no server round trip).
export function downloadBlob(data: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `протокол.xlsx` → `протокол`, for naming exported files after their source. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}
