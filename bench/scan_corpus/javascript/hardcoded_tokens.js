const { Octokit } = require("@octokit/rest");
const { WebClient } = require("@slack/web-api");

const octokit = new Octokit({ auth: "ghp_MZoj9YUiHxl522m2Nd0DXj8pUL4p6B5gmZrA" });
const slack = new WebClient("xoxb-230202520526-4301506227179-ZdME0Zo7prnP76uhWbbKm1lQ");

const firebaseConfig = {
  apiKey: "AIzacBXC2_JSGHWHefUJw1okwFrjm2-2ac6qYLk",
  projectId: "acme-prod",
};

async function announce(release) {
  const { data } = await octokit.repos.getReleaseByTag({ owner: "acme", repo: "app", tag: release });
  await slack.chat.postMessage({ channel: "#releases", text: `Released ${data.name}` });
}

module.exports = { announce, firebaseConfig };
