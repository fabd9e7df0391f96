import { createRandom } from "./random";
import { plainMapName, type SandboxMap } from "./world";
import { escapeHtml } from "./responses";

/**
 * A deterministic, colourful square SVG per map (real thumbnails are square screenshots): a sky
 * gradient, hills and a winding road, all drawn from a stream keyed by the map uid, plus the name.
 */
export function renderThumbnailSvg(map: SandboxMap): string {
  const random = createRandom(0, `thumbnail:${map.uid}`);
  const hue = random.int(0, 359);
  const sky = `hsl(${hue} 70% 60%)`;
  const horizon = `hsl(${(hue + 40) % 360} 80% 80%)`;
  const ground = `hsl(${(hue + 180) % 360} 45% 35%)`;
  const road = `hsl(${(hue + 200) % 360} 15% 20%)`;
  const hills = Array.from({ length: 3 }, (_, i) => {
    const cx = random.int(0, 256);
    const r = random.int(50, 110);
    return `<circle cx="${cx}" cy="${190 + i * 8}" r="${r}" fill="hsl(${(hue + 150 + i * 15) % 360} 40% ${30 + i * 6}%)"/>`;
  }).join("");
  const points = Array.from({ length: 5 }, (_, i) => `${random.int(20, 236)} ${256 - i * 28}`);
  const path = `M 128 256 C ${points[0]}, ${points[1]}, ${points[2]} S ${points[3]}, ${points[4]}`;
  const title = escapeHtml(plainMapName(map).slice(0, 28));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="${horizon}"/></linearGradient></defs>
<rect width="256" height="256" fill="url(#sky)"/>${hills}<rect y="200" width="256" height="56" fill="${ground}"/>
<path d="${path}" fill="none" stroke="${road}" stroke-width="18" stroke-linecap="round"/>
<path d="${path}" fill="none" stroke="#fff" stroke-width="2" stroke-dasharray="8 8"/>
<rect x="0" y="0" width="256" height="30" fill="rgba(0,0,0,.35)"/>
<text x="10" y="20" font-family="sans-serif" font-size="14" fill="#fff">${title}</text>
</svg>`;
}
