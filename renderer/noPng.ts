/**
 * Stands in for @pdf-lib/upng in the app's build (renderer/vite.config.ts): no paper embeds a PNG
 * (the QR code is drawn as vector squares), so pdf-lib's PNG decoder is not shipped.
 */
export default {
  decode(): never {
    throw new Error('The app embeds no PNG in a PDF');
  },
  toRGBA8(): never {
    throw new Error('The app embeds no PNG in a PDF');
  },
};
