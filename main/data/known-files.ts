// The published checksums of the official Keras IMDB files (what `data download` verifies and `data status`
// recognises).
export const OFFICIAL_CHECKSUMS = {
  npzSha256: '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f',
  wordIndexMd5: 'bfafd718b763782e994055a2d397834f',
} as const;
