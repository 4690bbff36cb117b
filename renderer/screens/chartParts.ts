import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

// Only the parts a bar chart needs, so the chunk loaded with the first chart stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
