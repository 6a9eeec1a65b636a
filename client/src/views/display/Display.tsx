// Placeholder until the display view lands.
export default function Display() {
  return <main id="content"><h1>Display</h1></main>;
}
