"""HTTP routes beside the dashboard (phone pages), served with it by one process."""
