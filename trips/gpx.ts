import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../common/errors.js';
import { basePoint, optionalNumber, tripOf, type TripPoint, type TripRead } from './trip-point.js';

/**
 * GPX 1.0/1.1 tracks: one trip per `<trkseg>`, keyed `seg1`, `seg2`, … in file order. A point
 * needs `lat`, `lon` and `<time>`; `<ele>` is the altitude, and speed (m/s) and course (°) are
 * read where GPX 1.0 puts them (in `<trkpt>`) or where GPX 1.1 extensions do (Garmin's
 * TrackPointExtension `<gpxtpx:speed>`/`<gpxtpx:course>`, at any depth under `<extensions>`).
 * The XML is parsed by fast-xml-parser, after its validator: a malformed file is a usage error
 * naming the line, not a silently shorter trip.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'trk' || name === 'trkseg' || name === 'trkpt',
});

type XmlNode = { [name: string]: XmlValue };
type XmlValue = string | XmlNode | XmlNode[];

function text(value: XmlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The text of the first element named `name` at or under `node`, depth first. */
function find(node: XmlValue | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = find(child, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (name in node) return text(node[name]);
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('@')) continue;
    const found = find(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function parseGpx(xml: string, file: string): Map<string, TripRead> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UserError(`${file} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, 'give a GPX 1.0/1.1 file');
  }
  const gpx = (parser.parse(xml) as XmlNode).gpx;
  if (gpx === undefined || typeof gpx === 'string' || Array.isArray(gpx)) throw new UserError(`${file} has no <gpx> root element`, 'give a GPX 1.0/1.1 file');
  const trips = new Map<string, TripRead>();
  const segments = ((gpx.trk ?? []) as XmlNode[]).flatMap((trk) => (trk.trkseg ?? []) as XmlNode[]);
  segments.forEach((segment, i) => {
    const trip = tripOf(trips, `seg${i + 1}`);
    for (const trkpt of (segment.trkpt ?? []) as XmlNode[]) {
      const point: TripPoint | null = basePoint(text(trkpt.time), text(trkpt['@lat']), text(trkpt['@lon']), trip.skipped);
      if (!point) continue;
      const alt = optionalNumber(text(trkpt.ele));
      const speed = optionalNumber(find(trkpt, 'speed'));
      const course = optionalNumber(find(trkpt, 'course'));
      if (alt !== undefined) point.altMSL = alt;
      if (speed !== undefined) point.speed = speed;
      if (course !== undefined) point.track = course;
      trip.points.push(point);
    }
  });
  return trips;
}
