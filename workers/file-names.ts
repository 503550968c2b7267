// Text made safe for a file name (documents, aggregate packages): what Windows and macOS refuse and
// the quotes «» dropped, spaces collapsed, brackets tidied, at most `max` characters.
export function fileSafe(text: string, max: number): string {
  return (
    [...text]
      .map((ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch))
      .join('')
      .replace(/[\\/:*?"<>|«»]+/g, ' ')
      .replace(/\s+/g, ' ')
      // A dropped «» leaves a space before «)» or after «(»: «(МБОУ СОШ № 1 )» → «(МБОУ СОШ № 1)».
      .replace(/\s+([),.])/g, '$1')
      .replace(/\(\s+/g, '(')
      .trim()
      .slice(0, max)
      .trim()
  );
}
