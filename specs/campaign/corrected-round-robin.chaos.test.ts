import { holdsUnderChaos } from './_campaign.js';

holdsUnderChaos('corrected/round-robin');
