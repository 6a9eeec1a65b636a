// Placeholder until the reception view lands.
export default function Reception() {
  return <main id="content"><h1>Reception</h1></main>;
}
