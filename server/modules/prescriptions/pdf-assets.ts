// The QR code of a prescription's verify URL, as the PDF embeds it (the font is server/pdf/fonts.ts).
import QRCode from 'qrcode';

/**
 * The QR code of a verify URL as PNG bytes, exactly as the PDF embeds it. Grayscale without alpha
 * (the qrcode package's default is RGBA), so pdfkit embeds the PNG data as it is instead of splitting
 * off an alpha mask; 4 pixels a module with the standard 4-module quiet zone; error correction M,
 * which survives a crease or a stamp on paper.
 */
export function qrPng(verifyUrl: string): Promise<Buffer> {
  // colorType is a pngjs option the qrcode types do not list, hence the variable (no literal check).
  const rendererOpts = { deflateLevel: 9, colorType: 0 };
  return QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4, rendererOpts });
}
