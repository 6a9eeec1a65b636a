// Placeholder until the doctor view lands.
export default function Doctor() {
  return <main id="content"><h1>Doctor</h1></main>;
}
