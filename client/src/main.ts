// Landing page: shows whether the hub is ready. The staff and patient views replace it.
export {};

const statusLine = document.getElementById('status');

async function showReadiness(): Promise<void> {
  if (!statusLine) return;
  try {
    const res = await fetch('/health/ready');
    const body = (await res.json()) as { status: string };
    statusLine.textContent = body.status === 'ready' ? 'The hub is running.' : 'The hub is starting or a store is unreachable.';
  } catch {
    statusLine.textContent = 'The server cannot be reached.';
  }
}

void showReadiness();
